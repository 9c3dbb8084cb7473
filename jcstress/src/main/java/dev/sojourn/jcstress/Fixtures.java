package dev.sojourn.jcstress;

import dev.sojourn.store.memory.MemoryStore;
import dev.sojourn.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;

/** What the tests in other packages (the known-bug pins) need from {@link Stores}. */
public final class Fixtures {
  /** The ID of the one session a fresh store holds. */
  public static final String OLD_ID = Stores.OLD_ID;

  /** The ID rotations move that session to. */
  public static final String NEW_ID = Stores.NEW_ID;

  private Fixtures() {}

  /** A store on a frozen fake clock holding one session, live for {@code ttl}. */
  public static MemoryStore storeWithOneSession(Duration ttl) {
    return Stores.withOneSession(MutableClock.at(Instant.ofEpochMilli(Stores.START)), ttl);
  }
}
