package dev.sojourn.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.memory.MemoryStore;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * "Sign out everywhere" against a rotation of one of the user's sessions: one actor rotates alice's
 * session A to B, the other revokes all of alice's sessions ({@code MemoryStore.revokeSessionsOf},
 * what {@code SessionManager.revokeAll} calls). However they interleave, alice must have no live
 * session afterwards: either the revoke dropped A and the rotation was refused, or the rotation
 * landed first and the revoke dropped B.
 *
 * <p>Regression test for bug 5 (docs/concurrency.md): a listing that ran while a rotation was in
 * flight, with A already out of the map and B not yet in, missed the session, which then survived
 * under B (0.11% of samples). The rotation now holds the read side of the user's lock across its
 * two steps, and the revoke the write side.
 *
 * <p>r1: 1 if the rotation succeeded; r2: alice's live sessions after both actors.
 */
@JCStressTest
@Description("MemoryStore: revoke all of a user's sessions vs a rotation of one; none survives")
@Outcome(id = "[01], 0", expect = ACCEPTABLE, desc = "no session of the user survived")
@Outcome(id = "[01], [1-9]", expect = FORBIDDEN, desc = "a session survived sign-out everywhere")
@State
public class RevokeAllVsRotationTest {
  private final MemoryStore store = Fixtures.storeWithOneSession(Duration.ofHours(1));

  public RevokeAllVsRotationTest() {
    store.commit(
        SessionChange.update(Fixtures.OLD_ID).user("alice", 0).ttl(Duration.ofHours(1)).build());
  }

  @Actor
  public void rotate(II_Result r) {
    try {
      store.commit(
          SessionChange.update(Fixtures.OLD_ID)
              .rotateTo(Fixtures.NEW_ID, "csrf-B")
              .ttl(Duration.ofHours(1))
              .build());
      r.r1 = 1;
    } catch (SessionNotFoundException e) {
      r.r1 = 0;
    }
  }

  @Actor
  public void revokeAll() {
    store.revokeSessionsOf("alice", "");
  }

  @Arbiter
  public void settle(II_Result r) {
    r.r2 = store.sessionsOf("alice").size();
  }
}
