package dev.sojourn.jcstress;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.memory.MemoryStore;
import dev.sojourn.testing.MutableClock;
import java.time.Duration;

/** Builds the stores the tests race: a fake clock, no background sweeper, one session. */
final class Stores {
  static final String OLD_ID = "session-A";
  static final String NEW_ID = "session-B";
  static final long START = 1_000_000;

  private Stores() {}

  /** A store on {@code clock} holding session A, live for {@code ttl} from the clock's now. */
  static MemoryStore withOneSession(MutableClock clock, Duration ttl) {
    MemoryStore store =
        MemoryStore.builder()
            .clock(clock)
            .sweepInterval(Duration.ofMillis(4))
            .backgroundSweeper(false)
            .build();
    store.commit(SessionChange.create(OLD_ID, "csrf-A", clock.millis()).ttl(ttl).build());
    return store;
  }
}
