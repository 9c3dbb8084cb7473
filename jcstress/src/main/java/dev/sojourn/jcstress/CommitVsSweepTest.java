package dev.sojourn.jcstress;

import static dev.sojourn.jcstress.Stores.OLD_ID;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A commit against the sweep at the deadline: session A is 1 ms from its deadline; one actor
 * commits an update that extends it, the other lets the deadline pass (moves the clock) and sweeps.
 * Either the commit lands first and the session lives on, or the sweep removes it and the commit is
 * refused: a commit that reports success never loses its session, and a refused commit never brings
 * it back. The deadline buckets are 1 ms wide, so the sweep closes and drops the session's bucket
 * while the commit may be moving it.
 *
 * <p>r1: 1 if the commit succeeded, 0 if refused; r2: how many sessions the sweep removed; r3: 1 if
 * the session is live after both actors, 2 if it is still stored but expired (missed by the sweep:
 * a leak), 0 if gone.
 */
@JCStressTest
@Description("MemoryStore: commit (extend) vs sweep at the deadline; no loss, no resurrection")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "commit first: extended, sweep finds it live")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "sweep first: removed, commit refused")
@Outcome(id = "1, .*, [02]", expect = FORBIDDEN, desc = "commit succeeded, session lost")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "sweep removed a session a commit extended")
@Outcome(id = "0, .*, 1", expect = FORBIDDEN, desc = "refused commit, yet the session is live")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "expired session missed by the sweep")
@State
public class CommitVsSweepTest {
  private final MutableClock clock = MutableClock.at(Instant.ofEpochMilli(Stores.START));
  private final MemoryStore store = Stores.withOneSession(clock, Duration.ofMillis(1));

  @Actor
  public void commit(III_Result r) {
    try {
      store.commit(
          SessionChange.update(OLD_ID)
              .put("cart", new byte[] {1})
              .ttl(Duration.ofMillis(10))
              .build());
      r.r1 = 1;
    } catch (SessionNotFoundException e) {
      r.r1 = 0;
    }
  }

  @Actor
  public void deadlinePassesThenSweep(III_Result r) {
    clock.advanceMillis(1);
    r.r2 = store.sweep();
  }

  @Arbiter
  public void settle(III_Result r) {
    if (store.load(OLD_ID) != null) {
      r.r3 = 1;
    } else {
      r.r3 = store.size() > 0 ? 2 : 0;
    }
  }
}
