package dev.sojourn.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.memory.MemoryStore;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A rotation of A to B against a create of B (an ID collision: with 187-bit random IDs it does not
 * happen by chance, but the store checks for it, and the check must hold under a race). Exactly one
 * of them may succeed: if both report success, one session silently overwrote the other.
 *
 * <p>Regression test for bug 3 (docs/concurrency.md): the rotation checked that no live session
 * held the new ID, then removed the old ID, then stored the new one, in separate steps, and a
 * create of the same ID in between was overwritten though both commits reported success (about 1%
 * of samples). The rotation now claims the new ID atomically with the check.
 *
 * <p>r1: 1 if the rotation succeeded; r2: 1 if the create succeeded.
 */
@JCStressTest
@Description("MemoryStore: rotate A->B vs create B; exactly one wins, nothing is overwritten")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "rotation first, the create was refused")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "create first, the rotation was refused")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "both succeeded: one session overwrote the other")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "both refused")
@State
public class RotationVsCreateOfTheTargetTest {
  private final MemoryStore store = Fixtures.storeWithOneSession(Duration.ofHours(1));

  @Actor
  public void rotate(II_Result r) {
    try {
      store.commit(
          SessionChange.update(Fixtures.OLD_ID)
              .rotateTo(Fixtures.NEW_ID, "csrf-B")
              .ttl(Duration.ofHours(1))
              .build());
      r.r1 = 1;
    } catch (IllegalStateException e) {
      r.r1 = 0;
    }
  }

  @Actor
  public void createNewId(II_Result r) {
    try {
      store.commit(
          SessionChange.create(Fixtures.NEW_ID, "csrf-other", 0).ttl(Duration.ofHours(1)).build());
      r.r2 = 1;
    } catch (IllegalStateException e) {
      r.r2 = 0;
    }
  }
}
