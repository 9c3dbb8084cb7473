package dev.sojourn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.VersionConflictException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The concurrent half of the store contract: disjoint deltas never lost, no resurrection by a
 * commit racing a drop, a rotation or expiry, and a mixed multi-thread run in which no session is
 * ever served past its deadline. Subclass it instead of {@link StoreContract} to run both halves.
 */
public abstract class StoreConcurrencyContract extends StoreContract {
  private static final int THREADS = 8;

  /** For subclasses; see {@link StoreContract#StoreContract()}. */
  public StoreConcurrencyContract() {}

  /**
   * Removes expired sessions, for stores that sweep (the default does nothing). The mixed run calls
   * it from its own thread, concurrently with the others.
   */
  protected void sweep() {}

  /** {@return how many times the racing tests repeat (200); stores over a network may lower it} */
  protected int raceRounds() {
    return 200;
  }

  @Test
  void concurrentCommits_ofDisjointAttributes_allLand() throws Exception {
    String id = created();
    int commitsPerThread = 50;
    runTogether(
        THREADS,
        thread -> {
          for (int round = 1; round <= commitsPerThread; round++) {
            store.commit(
                SessionChange.update(id)
                    .put("t" + thread, bytes("round-" + round))
                    .ttl(TTL)
                    .build());
          }
        });
    Map<String, byte[]> attributes = live(id).attributes();
    for (int thread = 0; thread < THREADS; thread++) {
      assertThat(attributes.get("t" + thread)).isEqualTo(bytes("round-" + commitsPerThread));
    }
    assertThat(attributes.get("a")).isEqualTo(bytes("1"));
    assertThat(live(id).version()).isEqualTo(1 + THREADS * commitsPerThread);
  }

  @Test
  void commitRacingDrop_neverResurrects() throws Exception {
    for (int round = 0; round < raceRounds(); round++) {
      String id = created();
      runTogether(
          2,
          thread -> {
            if (thread == 0) {
              store.drop(id);
              return;
            }
            for (int i = 0; i < 20; i++) {
              try {
                store.commit(SessionChange.update(id).put("x", bytes("" + i)).ttl(TTL).build());
              } catch (SessionNotFoundException expected) {
                return;
              }
            }
            return;
          });
      assertThat(store.load(id)).as("round %d", round).isNull();
    }
  }

  @Test
  void commitRacingExpiry_onceGoneStaysGone() throws Exception {
    Duration ttl = Duration.ofMillis(20);
    for (int round = 0; round < raceRounds() / 4; round++) {
      String id = newId();
      store.commit(SessionChange.create(id, newId(), clock.millis()).ttl(ttl).build());
      AtomicInteger lateSuccesses = new AtomicInteger();
      runTogether(
          2,
          thread -> {
            if (thread == 0) {
              for (int i = 0; i < 40; i++) {
                clock.advanceMillis(1);
                sweep();
              }
              return;
            }
            boolean gone = false;
            for (int i = 0; i < 200; i++) {
              try {
                store.commit(SessionChange.update(id).put("n", bytes("" + i)).ttl(ttl).build());
                if (gone) {
                  lateSuccesses.incrementAndGet();
                }
              } catch (SessionNotFoundException e) {
                gone = true;
              }
            }
          });
      assertThat(lateSuccesses.get()).as("commits that succeeded after one failed").isZero();
      clock.advance(ttl);
      assertThat(store.load(id)).isNull();
    }
  }

  @Test
  void concurrentRotations_ofOneSession_haveExactlyOneWinner() throws Exception {
    for (int round = 0; round < raceRounds() / 4; round++) {
      String id = created();
      List<String> targets = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        targets.add(newId());
      }
      AtomicInteger winners = new AtomicInteger();
      runTogether(
          4,
          thread -> {
            try {
              store.commit(
                  SessionChange.update(id).rotateTo(targets.get(thread), newId()).ttl(TTL).build());
              winners.incrementAndGet();
            } catch (SessionNotFoundException lost) {
              // another rotation took the session first
            }
            return;
          });
      assertThat(winners.get()).isEqualTo(1);
      assertThat(store.load(id)).isNull();
      assertThat(targets.stream().filter(t -> store.load(t) != null).count()).isEqualTo(1);
    }
  }

  @Test
  void mixedRun_neverServesASessionPastItsDeadline() throws Exception {
    Duration ttl = Duration.ofMillis(50);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      String id = newId();
      store.commit(SessionChange.create(id, newId(), clock.millis()).ttl(ttl).build());
      ids.add(id);
    }
    Map<String, Boolean> known = new ConcurrentHashMap<>();
    ids.forEach(id -> known.put(id, true));
    CountDownLatch done = new CountDownLatch(THREADS - 2);
    runTogether(
        THREADS,
        thread -> {
          if (thread == 0) {
            while (done.getCount() > 0) {
              clock.advanceMillis(1);
              Thread.onSpinWait();
            }
            return;
          }
          if (thread == 1) {
            while (done.getCount() > 0) {
              sweep();
            }
            return;
          }
          try {
            exerciseAtRandom(ids, known, ttl);
          } finally {
            done.countDown();
          }
          return;
        });
    clock.advance(ttl);
    for (String id : known.keySet()) {
      assertThat(store.load(id)).isNull();
    }
  }

  private void exerciseAtRandom(List<String> ids, Map<String, Boolean> known, Duration ttl) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int op = 0; op < 2_000; op++) {
      String id = ids.get(random.nextInt(ids.size()));
      long before = clock.millis();
      switch (random.nextInt(5)) {
        case 0, 1 -> {
          Snapshot snapshot = store.load(id);
          if (snapshot != null) {
            assertThat(snapshot.expiresAtMillis()).isGreaterThan(before);
          }
        }
        case 2 -> {
          try {
            store.commit(
                SessionChange.update(id)
                    .put("n", bytes("" + op))
                    .expectVersion(random.nextBoolean() ? SessionChange.ANY_VERSION : 1)
                    .ttl(ttl)
                    .build());
          } catch (SessionNotFoundException | VersionConflictException expected) {
            // ended or changed by another thread: the contract's defined outcomes
          }
        }
        case 3 -> store.drop(id);
        default -> {
          String fresh = newId();
          known.put(fresh, true);
          store.commit(SessionChange.create(fresh, newId(), clock.millis()).ttl(ttl).build());
        }
      }
    }
  }

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    pool.shutdownNow();
  }

  /**
   * Runs {@code task} on {@code threads} threads released together, and waits for all of them.
   *
   * @param threads how many threads; {@code task} runs once on each, numbered from 0
   * @param task what each thread runs
   * @throws Exception an {@link java.util.concurrent.ExecutionException} whose cause is the failure
   *     of the lowest-numbered thread that failed, a {@link java.util.concurrent.TimeoutException}
   *     if a thread runs longer than 60 s, or an {@link InterruptedException}
   */
  protected void runTogether(int threads, IndexedTask task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int index = i;
      Callable<Object> call =
          () -> {
            start.await();
            task.run(index);
            return index;
          };
      futures.add(pool.submit(call));
    }
    start.countDown();
    for (Future<?> future : futures) {
      future.get(60, TimeUnit.SECONDS);
    }
  }

  /** A task that knows which of the threads it runs on. */
  @FunctionalInterface
  protected interface IndexedTask {
    /**
     * Runs on thread number {@code thread}.
     *
     * @param thread the thread's number, from 0 to the thread count minus one
     * @throws Exception any failure, which fails the test
     */
    void run(int thread) throws Exception;
  }
}
