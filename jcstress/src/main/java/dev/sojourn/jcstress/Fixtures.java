package dev.sojourn.jcstress;

import dev.sojourn.store.memory.MemoryStore;
import java.time.Duration;

/** What the tests in other packages (the known-bug pins) need from {@link Stores}. */
public final class Fixtures {
  /** The ID of the one session a fresh store holds. */
  public static final String OLD_ID = Stores.OLD_ID;

  /** The ID rotations move that session to. */
  public static final String NEW_ID = Stores.NEW_ID;

  private Fixtures() {}

  /** A fake clock an actor can move. */
  public static final class Clock {
    private final ManualClock clock = new ManualClock(Stores.START);

    /** Moves the clock forward. */
    public void advance(long millis) {
      clock.advance(millis);
    }

    /** The clock's time, epoch milliseconds. */
    public long millis() {
      return clock.millis();
    }
  }

  /** A fresh clock at the tests' start time. */
  public static Clock clock() {
    return new Clock();
  }

  /** A store on a frozen fake clock holding one session, live for {@code ttl}. */
  public static MemoryStore storeWithOneSession(Duration ttl) {
    return Stores.withOneSession(new ManualClock(Stores.START), ttl);
  }

  /** A store on {@code clock} holding one session, live for {@code ttl} from the clock's now. */
  public static MemoryStore storeWithOneSession(Clock clock, Duration ttl) {
    return Stores.withOneSession(clock.clock, ttl);
  }
}
