package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.store.VersionConflictException;
import dev.sojourn.store.memory.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 4: {@code modify} backs off with jitter between conflicting attempts, and a counter
 * incremented through it by 8 threads at once ends exact, with no exception, within the default
 * budget.
 */
class ModifyContentionTest {
  static final SessionKey<Integer> COUNT = SessionKey.of("count", Integer.class);
  static final int THREADS = 8;
  static final int INCREMENTS = 1_000;

  /** Runs 8 threads x 1,000 increments through modify; returns the most attempts one call used. */
  static int incrementConcurrently(SessionManager manager, String id) throws Exception {
    AtomicInteger mostAttempts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < INCREMENTS; i++) {
                    int[] attempts = {0};
                    manager.modify(
                        id,
                        session -> {
                          attempts[0]++;
                          Integer count = session.get(COUNT);
                          session.put(COUNT, count == null ? 1 : count + 1);
                          return null;
                        });
                    mostAttempts.accumulateAndGet(attempts[0], Math::max);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    return mostAttempts.get();
  }

  @Test
  void eightThreadsIncrementingOneCounter_endExact_withTheDefaultBudget() throws Exception {
    try (SessionManager manager =
        SessionManager.builder().store(MemoryStore.builder().build()).build()) {
      String id = manager.createSession();

      int mostAttempts = incrementConcurrently(manager, id);

      assertThat(manager.getSessionData(id).get("count")).isEqualTo(THREADS * INCREMENTS);
      System.out.println(
          "MemoryStore: 8 x 1,000 increments, most attempts in one call: " + mostAttempts);
    }
  }

  /** A manager whose pauses are recorded, not taken. */
  static SessionManager recording(List<Long> pauses, int attempts) {
    return SessionManager.builder()
        .store(MemoryStore.builder().build())
        .maxAttempts(attempts)
        .modifyBackoff(Duration.ofMillis(1), Duration.ofMillis(10))
        .pause(pauses::add)
        .build();
  }

  /** A mutation that makes its own attempt conflict: another request commits first, every time. */
  static Void alwaysOvertaken(SessionManager manager, String id, Session session) {
    Session other = manager.open(id);
    Integer count = other.get(COUNT);
    other.put(COUNT, count == null ? 1 : count + 1);
    manager.commit(other);
    session.put(COUNT, -1);
    return null;
  }

  @Test
  void backoff_waitsAJitteredExponentialTimeBeforeEachRetry_cappedAtTheMaximum() {
    List<Long> pauses = new ArrayList<>();
    try (SessionManager manager = recording(pauses, 8)) {
      String id = manager.createSession();

      assertThatThrownBy(() -> manager.modify(id, s -> alwaysOvertaken(manager, id, s)))
          .isInstanceOf(VersionConflictException.class);

      assertThat(pauses).hasSize(7);
      long[] ceilings = {1, 2, 4, 8, 10, 10, 10};
      for (int i = 0; i < ceilings.length; i++) {
        assertThat(pauses.get(i))
            .as("pause before attempt %d", i + 2)
            .isBetween(0L, Duration.ofMillis(ceilings[i]).toNanos());
      }
    }
  }

  @Test
  void backoff_isRandom_notLockstep() {
    List<Long> pauses = new ArrayList<>();
    try (SessionManager manager = recording(pauses, 2)) {
      String id = manager.createSession();
      for (int i = 0; i < 50; i++) {
        assertThatThrownBy(() -> manager.modify(id, s -> alwaysOvertaken(manager, id, s)))
            .isInstanceOf(VersionConflictException.class);
      }
    }
    assertThat(pauses).hasSize(50);
    assertThat(pauses.stream().distinct().count()).as("distinct first pauses").isGreaterThan(40);
  }

  @Test
  void backoff_interruptedThread_stopsRetrying_andKeepsItsInterruptStatus() {
    List<Long> pauses = new ArrayList<>();
    try (SessionManager manager =
        SessionManager.builder()
            .store(MemoryStore.builder().build())
            .pause(
                nanos -> {
                  pauses.add(nanos);
                  Thread.currentThread().interrupt();
                })
            .build()) {
      String id = manager.createSession();

      assertThatThrownBy(() -> manager.modify(id, s -> alwaysOvertaken(manager, id, s)))
          .isInstanceOf(VersionConflictException.class);

      assertThat(pauses).hasSize(1);
      assertThat(Thread.interrupted()).as("interrupt status kept (and now cleared)").isTrue();
    }
  }

  @Test
  void modifyBackoff_outOfRange_failsWithAMessageThatNamesTheOption() {
    assertThatThrownBy(
            () -> SessionManager.builder().modifyBackoff(Duration.ofMillis(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("modifyBackoff initial must not be negative, was PT-0.001S");
    assertThatThrownBy(
            () ->
                SessionManager.builder().modifyBackoff(Duration.ofMillis(5), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("modifyBackoff maximum (PT0.001S) must not be less than initial (PT0.005S)");
    assertThatThrownBy(
            () ->
                SessionManager.builder()
                    .modifyBackoff(Duration.ZERO, Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("modifyBackoff maximum must be at most 1 minute, was PT");
    assertThatThrownBy(() -> SessionManager.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1, was 0");
  }
}
