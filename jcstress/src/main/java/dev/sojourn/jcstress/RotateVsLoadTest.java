package dev.sojourn.jcstress;

import static dev.sojourn.jcstress.Stores.NEW_ID;
import static dev.sojourn.jcstress.Stores.OLD_ID;
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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Rotation against loads, new ID first: one actor rotates session A to B while the other loads B,
 * then A. Seeing B and then still A would mean both IDs were live at once: the old ID must be dead
 * before the new one is served.
 *
 * <p>r1: 1 if the rotation succeeded and, after both actors, A is gone and B is live; r2: whether
 * the load of B served the session; r3: whether the later load of A did.
 */
@JCStressTest
@Description("MemoryStore: rotate A->B vs load B then A; never both IDs live at once")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "both loads before the rotation")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "load of B before, load of A after it")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "both loads after the rotation")
@Outcome(id = "1, 1, 1", expect = FORBIDDEN, desc = "B served, then A still served: both live")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "rotation failed or left the wrong IDs live")
@State
public class RotateVsLoadTest {
  private final MemoryStore store =
      Stores.withOneSession(
          MutableClock.at(Instant.ofEpochMilli(Stores.START)), Duration.ofHours(1));
  private boolean rotated;

  @Actor
  public void rotate() {
    store.commit(
        SessionChange.update(OLD_ID).rotateTo(NEW_ID, "csrf-B").ttl(Duration.ofHours(1)).build());
    rotated = true;
  }

  @Actor
  public void loadNewThenOld(III_Result r) {
    r.r2 = store.load(NEW_ID) != null ? 1 : 0;
    r.r3 = store.load(OLD_ID) != null ? 1 : 0;
  }

  @Arbiter
  public void settle(III_Result r) {
    r.r1 = rotated && store.load(OLD_ID) == null && store.load(NEW_ID) != null ? 1 : 0;
  }
}
