package dev.sojourn.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.FakeClock;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionLimitException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 3: at its maximum size the store refuses a create only when no anonymous session
 * exists. Losing the race for an eviction victim to another create is not "full". Was: 1 to 8 of
 * 20,000 creates refused in most runs while every stored session was anonymous.
 */
class MemoryStoreBoundRaceTest {
  static final int MAXIMUM = 1_000;
  static final int THREADS = 4;
  static final int CREATES_PER_THREAD = 5_000;
  static final int RUNS = Integer.getInteger("sojourn.bound.runs", 20);
  static final Duration TTL = Duration.ofMinutes(30);

  final FakeClock clock = new FakeClock();
  final AtomicLong ids = new AtomicLong();
  final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void atTheBound_concurrentAnonymousCreates_areNeverRefused() throws Exception {
    List<String> refusals = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      MemoryStore store = bounded();
      Outcome outcome = flood(store);
      if (outcome.refused > 0) {
        refusals.add("run " + run + ": " + outcome.refused + " refused");
      }
      assertThat(outcome.peak).as("run %d: largest size seen", run).isLessThanOrEqualTo(MAXIMUM);
      assertThat(store.size()).as("run %d: size at rest", run).isEqualTo(MAXIMUM);
      assertThat(store.indexedCount()).as("run %d: indexed at rest", run).isEqualTo(MAXIMUM);
    }
    assertThat(refusals).as("creates refused while anonymous sessions were stored").isEmpty();
  }

  @Test
  void atTheBound_withFewAnonymousAmongSignedInSessions_noCreateIsRefused() throws Exception {
    int signedIn = MAXIMUM - 2 * THREADS;
    for (int run = 0; run < RUNS / 5; run++) {
      MemoryStore store = bounded();
      for (int i = 0; i < signedIn; i++) {
        create(store, "user" + i);
      }
      Outcome outcome = flood(store);
      assertThat(outcome.refused).as("run %d: refused creates", run).isZero();
      assertThat(outcome.peak).as("run %d: largest size seen", run).isLessThanOrEqualTo(MAXIMUM);
      assertThat(store.size()).isEqualTo(MAXIMUM);
      for (int i = 0; i < signedIn; i += 97) {
        assertThat(store.sessionsOf("user" + i)).as("signed-in session never evicted").hasSize(1);
      }
    }
  }

  MemoryStore bounded() {
    return MemoryStore.builder().clock(clock).maximumSize(MAXIMUM).backgroundSweeper(false).build();
  }

  record Outcome(int refused, int peak) {}

  Outcome flood(MemoryStore store) throws Exception {
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < CREATES_PER_THREAD; i++) {
                  try {
                    create(store, null);
                  } catch (SessionLimitException e) {
                    refused.incrementAndGet();
                  }
                  peak.accumulateAndGet(store.size(), Math::max);
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> future : futures) {
      future.get(2, TimeUnit.MINUTES);
    }
    return new Outcome(refused.get(), peak.get());
  }

  /** A create under a cheap unique ID: the store needs no secure token; the race is the point. */
  void create(MemoryStore store, @Nullable String user) {
    long n = ids.incrementAndGet();
    // Deadlines spread over eight deadline buckets (250 ms wide), so that an eviction compares
    // about 125 candidates, not 1,000, and the runs stay short; the creates still race for the
    // same victims.
    SessionChange.Builder change =
        SessionChange.create("s" + n, "csrf", clock.millis()).ttl(TTL.plusMillis(250 * (n % 8)));
    if (user != null) {
      change.user(user, clock.millis());
    }
    store.commit(change.build());
  }
}
