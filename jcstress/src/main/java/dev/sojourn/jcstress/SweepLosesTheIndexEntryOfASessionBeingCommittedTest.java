package dev.sojourn.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.memory.MemoryStore;
import dev.sojourn.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The deadline index against a sweep that drains the bucket being filed into: one actor creates
 * session C with a 1 ms TTL, so that its deadline lands in the bucket the other actor's sweep
 * (after moving the clock 1 ms) finds wholly due, closes and drops. An ID filed into a bucket as it
 * is dropped must be filed again, never lost: a lost ID is never swept, a leak.
 *
 * <p>Regression test: it failed (67 in 7.8 million samples in a 57 s run) while {@code
 * MemoryStore.commit} filed the ID inside the map's {@code compute}, before the map published the
 * entry, and the sweep decided with a lock-free {@code get}: it saw the ID, found no session,
 * skipped it and dropped the bucket, so the session was stored with no index entry and never swept.
 * The sweep now decides each ID under its key's lock.
 *
 * <p>The arbiter sweeps once more at the same time. r1: how many expired sessions are still stored
 * after that (each one leaked from the index); r2: 1 if C is live (it was created after the clock
 * moved, so its deadline is 1 ms later).
 */
@JCStressTest
@Description("MemoryStore: create into the bucket a sweep is draining; no ID lost from the index")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "C expired and swept")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "C created after the clock moved, still live")
@Outcome(id = "[1-9], .*", expect = FORBIDDEN, desc = "an expired session escaped every sweep")
@State
public class SweepLosesTheIndexEntryOfASessionBeingCommittedTest {
  private static final String CREATED = "session-C";

  private final MutableClock clock = MutableClock.at(Instant.ofEpochMilli(Stores.START));
  // Session A shares C's deadline, so the sweep finds that bucket already there and drains it.
  private final MemoryStore store = Stores.withOneSession(clock, Duration.ofMillis(1));

  @Actor
  public void create() {
    store.commit(
        SessionChange.create(CREATED, "csrf-C", clock.millis()).ttl(Duration.ofMillis(1)).build());
  }

  @Actor
  public void deadlinePassesThenSweep() {
    clock.advanceMillis(1);
    store.sweep();
  }

  @Arbiter
  public void settle(II_Result r) {
    store.sweep();
    // Count before the load: a load removes an expired session it finds, hiding a leak.
    int stored = store.size();
    boolean live = store.load(CREATED) != null;
    r.r1 = stored - (live ? 1 : 0);
    r.r2 = live ? 1 : 0;
  }
}
