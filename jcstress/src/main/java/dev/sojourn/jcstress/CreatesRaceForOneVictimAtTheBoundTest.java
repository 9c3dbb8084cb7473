package dev.sojourn.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionLimitException;
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
 * Two creates race into a store at its maximum size (2) that holds two anonymous sessions, A with
 * the earlier deadline and B: both pick A as the victim, one evicts it, and the other must look
 * again and evict B. A refusal ({@link SessionLimitException}) would be wrong: anonymous sessions
 * were there to evict the whole time (issue 8, item 3: the loser of the race for A saw A's deadline
 * bucket emptied under it and called the store full).
 *
 * <p>r1: 1 if the create of C succeeded, 0 if refused; r2: the same for D; r3 (arbiter): the
 * store's size afterwards.
 */
@JCStressTest
@Description("MemoryStore at its bound: two creates race for one anonymous victim; both succeed")
@Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "both stored, A and B evicted, size at max")
@Outcome(id = "1, 0, 2", expect = FORBIDDEN, desc = "D refused though B was anonymous")
@Outcome(id = "0, 1, 2", expect = FORBIDDEN, desc = "C refused though B was anonymous")
@Outcome(expect = FORBIDDEN, desc = "a refusal, or the size off the maximum")
@State
public class CreatesRaceForOneVictimAtTheBoundTest {
  private final MemoryStore store = atTheBound();

  private static MemoryStore atTheBound() {
    MemoryStore store =
        MemoryStore.builder()
            .clock(MutableClock.at(Instant.ofEpochMilli(Stores.START)))
            .sweepInterval(Duration.ofMillis(4))
            .maximumSize(2)
            .backgroundSweeper(false)
            .build();
    store.commit(
        SessionChange.create("A", "csrf-A", Stores.START).ttl(Duration.ofHours(1)).build());
    store.commit(
        SessionChange.create("B", "csrf-B", Stores.START).ttl(Duration.ofHours(2)).build());
    return store;
  }

  private int create(String id) {
    try {
      store.commit(
          SessionChange.create(id, "csrf-" + id, Stores.START).ttl(Duration.ofHours(3)).build());
      return 1;
    } catch (SessionLimitException e) {
      return 0;
    }
  }

  @Actor
  public void createC(III_Result r) {
    r.r1 = create("C");
  }

  @Actor
  public void createD(III_Result r) {
    r.r2 = create("D");
  }

  @Arbiter
  public void size(III_Result r) {
    r.r3 = store.size();
  }
}
