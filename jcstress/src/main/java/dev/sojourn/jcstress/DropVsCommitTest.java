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
 * A drop (sign-out) against a commit of the same live session. The drop always removes a live
 * session, so it returns true; whichever runs first, the session must not exist afterwards: a
 * commit never brings back a dropped session.
 *
 * <p>r1: 1 if the drop returned true; r2: 1 if the commit succeeded, 0 if refused; r3: 1 if the
 * session is live after both actors, 2 if still stored though not live, 0 if gone.
 */
@JCStressTest
@Description("MemoryStore: drop vs commit of one live session; no resurrection")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "commit first, then the drop removed it")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "drop first, the commit was refused")
@Outcome(id = "1, .*, [12]", expect = FORBIDDEN, desc = "drop returned true, session still there")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "drop of a live session returned false")
@State
public class DropVsCommitTest {
  private final MemoryStore store =
      Stores.withOneSession(
          MutableClock.at(Instant.ofEpochMilli(Stores.START)), Duration.ofHours(1));

  @Actor
  public void drop(III_Result r) {
    r.r1 = store.drop(OLD_ID) ? 1 : 0;
  }

  @Actor
  public void commit(III_Result r) {
    try {
      store.commit(
          SessionChange.update(OLD_ID)
              .put("cart", new byte[] {1})
              .ttl(Duration.ofHours(1))
              .build());
      r.r2 = 1;
    } catch (SessionNotFoundException e) {
      r.r2 = 0;
    }
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
