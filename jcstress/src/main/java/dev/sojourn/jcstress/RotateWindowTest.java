package dev.sojourn.jcstress;

import static dev.sojourn.jcstress.Stores.NEW_ID;
import static dev.sojourn.jcstress.Stores.OLD_ID;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
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
 * Rotation against loads, old ID first: one actor rotates session A to B while the other loads A,
 * then B. Seeing neither is the documented window of {@code MemoryStore}'s rotation: the old ID is
 * removed first (so both are never live at once), the new one stored right after; only a caller who
 * already knows the new ID, which is a fresh secret until the commit returns, can see it. Once the
 * rotation has returned, B is always served (r1 checks it after both actors).
 *
 * <p>r1: 1 if the rotation succeeded and, after both actors, A is gone and B is live; r2: whether
 * the load of A served the session; r3: whether the later load of B did.
 */
@JCStressTest
@Description("MemoryStore: rotate A->B vs load A then B; the in-flight window shows as neither")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "both loads before the rotation")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "load of A before, load of B after it")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "both loads after the rotation")
@Outcome(
    id = "1, 0, 0",
    expect = ACCEPTABLE_INTERESTING,
    desc = "documented: loads inside the rotation, A already dead, B not yet stored")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "rotation failed or left the wrong IDs live")
@State
public class RotateWindowTest {
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
  public void loadOldThenNew(III_Result r) {
    r.r2 = store.load(OLD_ID) != null ? 1 : 0;
    r.r3 = store.load(NEW_ID) != null ? 1 : 0;
  }

  @Arbiter
  public void settle(III_Result r) {
    r.r1 = rotated && store.load(OLD_ID) == null && store.load(NEW_ID) != null ? 1 : 0;
  }
}
