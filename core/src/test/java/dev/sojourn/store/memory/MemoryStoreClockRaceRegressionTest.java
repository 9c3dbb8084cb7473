package dev.sojourn.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for the two clock-read races that Lincheck found in {@link MemoryStore} (see
 * docs/concurrency.md), each replaying its interleaving deterministically with an {@link
 * InterleavingClock}. Both failed on the store before it read its clock inside the per-key lock and
 * re-judged a snapshot a commit had replaced.
 */
class MemoryStoreClockRaceRegressionTest {
  private static final long DEADLINE = 1_000_000;
  private static final String ID = "session-A";

  private final InterleavingClock clock = new InterleavingClock(DEADLINE - 5);
  private final MemoryStore store =
      MemoryStore.builder().clock(clock).backgroundSweeper(false).build();
  private final ExecutorService otherRequest = Executors.newSingleThreadExecutor();

  MemoryStoreClockRaceRegressionTest() {
    // Session A, live until DEADLINE; the clock stands 1 ms before it.
    store.commit(SessionChange.create(ID, "csrf-1", 0).ttl(Duration.ofMillis(5)).build());
    clock.advance(4);
  }

  @AfterEach
  void stop() {
    otherRequest.shutdownNow();
    store.close();
  }

  /**
   * A load reads the map, then the clock. If, in between, another request extends the session and
   * then the deadline passes, the load judges the old snapshot by the new time and reports the
   * session gone, while it is live (extended) before and after: no moment matches that answer. Fix:
   * when the expiry check finds that the map no longer holds the snapshot it judged, look again
   * instead of returning null.
   */
  @Test
  void load_reportsALiveSessionAsGone_whenACommitExtendsItBetweenTheMapReadAndTheClockRead() {
    clock.beforeNextRead(
        Thread.currentThread(),
        () -> {
          run(() -> store.commit(SessionChange.update(ID).ttl(Duration.ofMillis(5)).build()));
          clock.advance(1);
        });

    Snapshot seen = store.load(ID);

    assertThat(store.load(ID)).as("the session after the race").isNotNull();
    assertThat(seen).as("the load that raced the commit and the deadline").isNotNull();
  }

  /**
   * A commit reads the clock before it takes the session's lock, so it judges liveness and sets the
   * deadline by a time that may be stale when it applies. Here the deadline passes and another
   * request creates a new session under the ID between the read and the lock; the update then
   * applies to the new session with the old time: accepted as if before the deadline, yet applied
   * after the create, with a deadline earlier than the update's own TTL allows. Fix: read the clock
   * inside the {@code compute} lambda (and likewise in {@code drop} and the rotation).
   */
  @Test
  void commit_judgesLivenessByAClockReadBeforeItsLock_soItAppliesAStaleUpdateToANewerSession() {
    Future<?>[] create = new Future<?>[1];
    clock.afterNextRead(
        Thread.currentThread(),
        () -> {
          clock.advance(1);
          create[0] =
              otherRequest.submit(
                  () ->
                      store.commit(
                          SessionChange.create(ID, "csrf-2", 0)
                              .ttl(Duration.ofMillis(10))
                              .build()));
          awaitBriefly(create[0]);
        });

    store.commit(SessionChange.update(ID).ttl(Duration.ofMillis(5)).build());

    boolean created = succeeded(create[0]);
    Snapshot after = Objects.requireNonNull(store.load(ID), "a session is live after the race");
    if (created) {
      // The create ran at DEADLINE, so an update applied after it ran at DEADLINE or later.
      assertThat(after.expiresAtMillis())
          .as("deadline of an update applied after a create at the old deadline")
          .isGreaterThanOrEqualTo(DEADLINE + 5);
    }
  }

  private void run(Runnable action) {
    try {
      otherRequest.submit(action).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the other request failed", e);
    }
  }

  /** Waits a little for a task that, on a fixed store, blocks on the lock our thread holds. */
  private static void awaitBriefly(Future<?> task) {
    try {
      task.get(200, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Blocked behind our commit: it finishes after it.
    } catch (Exception e) {
      // Failed: succeeded() reports it.
    }
  }

  private static boolean succeeded(Future<?> task) {
    try {
      task.get(5, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
