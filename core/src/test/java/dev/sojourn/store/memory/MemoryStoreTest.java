package dev.sojourn.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.FakeClock;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryStoreTest {
  final FakeClock clock = new FakeClock();
  final MemoryStore store =
      MemoryStore.builder()
          .clock(clock)
          .sweepInterval(Duration.ofSeconds(1))
          .backgroundSweeper(false)
          .build();
  final List<Snapshot> expired = new ArrayList<>();

  @AfterEach
  void close() {
    store.close();
  }

  String create(Duration ttl) {
    String id = TokenGenerator.secure().next();
    store.commit(
        SessionChange.create(id, TokenGenerator.secure().next(), clock.millis()).ttl(ttl).build());
    return id;
  }

  @Test
  void sweep_removesASession_onlyOnceItsDeadlineHasPassed() {
    store.addExpiryListener(expired::add);
    String id = create(Duration.ofSeconds(5));
    clock.advance(Duration.ofMillis(4999));
    assertThat(store.sweep()).isZero();
    assertThat(store.size()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(store.sweep()).isEqualTo(1);
    assertThat(store.size()).isZero();
    assertThat(expired).extracting(Snapshot::id).containsExactly(id);
  }

  @Test
  void theSeedsWindow_sweepsEverySecond_removeBetween5And6SecondsAfterTheLastUpdate() {
    // Any phase of the sweeps against the last update: removal lands in [5 s, 6 s].
    for (long phase = 0; phase < 1000; phase += 125) {
      FakeClock local = new FakeClock();
      local.advance(Duration.ofMillis(phase));
      MemoryStore seeded = MemoryStore.builder().clock(local).backgroundSweeper(false).build();
      long[] removedAt = {-1};
      seeded.addExpiryListener(s -> removedAt[0] = local.millis());
      String id = TokenGenerator.secure().next();
      long lastUpdate = local.millis();
      seeded.commit(
          SessionChange.create(id, TokenGenerator.secure().next(), lastUpdate)
              .ttl(Duration.ofSeconds(5))
              .build());
      // Sweeps at whole seconds, as a fixed-rate sweeper would run them.
      while (removedAt[0] < 0) {
        local.advance(Duration.ofMillis(1000 - local.millis() % 1000));
        seeded.sweep();
      }
      assertThat(removedAt[0] - lastUpdate).as("phase %d", phase).isBetween(5000L, 6000L);
    }
  }

  @Test
  void sweep_visitsOnlyDueBuckets_notEverySession() {
    for (int i = 0; i < 1000; i++) {
      create(Duration.ofMinutes(30));
    }
    String soon = create(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.sweep()).isEqualTo(1);
    assertThat(store.load(soon)).isNull();
    assertThat(store.size()).isEqualTo(1000);
    assertThat(store.indexedCount()).isEqualTo(1000);
  }

  @Test
  void touch_movesTheSessionToItsNewDeadlineBucket() {
    String id = create(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(4));
    store.commit(
        SessionChange.update(id).lastAccessedAt(clock.millis()).ttl(Duration.ofSeconds(5)).build());
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.sweep()).isZero();
    assertThat(store.load(id)).isNotNull();
    clock.advance(Duration.ofSeconds(3));
    assertThat(store.sweep()).isEqualTo(1);
    assertThat(store.indexedCount()).isZero();
  }

  @Test
  void expiredSession_isReportedOnce_whetherALoadOrTheSweepFindsItFirst() {
    store.addExpiryListener(expired::add);
    String id = create(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.load(id)).isNull();
    assertThat(store.sweep()).isZero();
    assertThat(store.drop(id)).isFalse();
    assertThat(expired).hasSize(1);
  }

  @Test
  void dropOfAnExpiredSession_reportsItAsExpired_andReturnsFalse() {
    store.addExpiryListener(expired::add);
    String id = create(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.drop(id)).isFalse();
    assertThat(expired).hasSize(1);
    assertThat(store.size()).isZero();
  }

  @Test
  void throwingListener_neverStopsTheRemoval_norTheOtherListeners() {
    store.addExpiryListener(
        s -> {
          throw new IllegalStateException("listener bug");
        });
    store.addExpiryListener(expired::add);
    create(Duration.ofSeconds(1));
    create(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.sweep()).isEqualTo(2);
    assertThat(expired).hasSize(2);
    assertThat(store.size()).isZero();
  }

  @Test
  void rotation_refilesTheSessionUnderItsNewId() {
    String id = create(Duration.ofSeconds(5));
    String newId = TokenGenerator.secure().next();
    store.commit(
        SessionChange.update(id)
            .rotateTo(newId, TokenGenerator.secure().next())
            .ttl(Duration.ofSeconds(5))
            .build());
    assertThat(store.indexedCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(store.sweep()).isEqualTo(1);
    assertThat(store.indexedCount()).isZero();
  }

  @Test
  void close_stopsTheBackgroundSweeper() {
    MemoryStore background = MemoryStore.builder().sweepInterval(Duration.ofMillis(10)).build();
    assertThat(background.isSweeperStopped()).isFalse();
    background.close();
    assertThat(background.isSweeperStopped()).isTrue();
    background.close();
  }

  @Test
  void builder_rejectsASubMillisecondSweepInterval() {
    assertThatThrownBy(() -> MemoryStore.builder().sweepInterval(Duration.ofNanos(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sweepInterval must be at least 1 ms, was PT0.00000001S");
  }

  // ---- bounded memory ----

  MemoryStore bounded(int maximum) {
    return MemoryStore.builder().clock(clock).maximumSize(maximum).backgroundSweeper(false).build();
  }

  static String create(MemoryStore target, FakeClock clock, Duration ttl, String user) {
    String id = TokenGenerator.secure().next();
    SessionChange.Builder change =
        SessionChange.create(id, TokenGenerator.secure().next(), clock.millis()).ttl(ttl);
    if (user != null && !user.isEmpty()) {
      change.user(user, clock.millis());
    }
    target.commit(change.build());
    return id;
  }

  @Test
  void fullStore_evictsTheAnonymousSessionClosestToItsDeadline() {
    MemoryStore small = bounded(3);
    String soonest = create(small, clock, Duration.ofMinutes(5), "");
    String later = create(small, clock, Duration.ofMinutes(10), "");
    String user = create(small, clock, Duration.ofMinutes(1), "alice");

    String fresh = create(small, clock, Duration.ofMinutes(30), "");

    assertThat(small.load(soonest)).isNull();
    assertThat(small.load(later)).isNotNull();
    assertThat(small.load(user)).isNotNull();
    assertThat(small.load(fresh)).isNotNull();
    assertThat(small.size()).isEqualTo(3);
    assertThat(small.evictionCount()).isEqualTo(1);
  }

  @Test
  void fullStore_ofAuthenticatedSessions_refusesTheNewSession_andEvictsNobody() {
    MemoryStore small = bounded(2);
    String alice = create(small, clock, Duration.ofMinutes(5), "alice");
    String bob = create(small, clock, Duration.ofMinutes(5), "bob");
    String refused = TokenGenerator.secure().next();
    SessionChange change =
        SessionChange.create(refused, TokenGenerator.secure().next(), clock.millis())
            .ttl(Duration.ofMinutes(5))
            .build();

    assertThatThrownBy(() -> small.commit(change))
        .isInstanceOf(dev.sojourn.store.SessionLimitException.class)
        .hasMessage(
            "session store is full: 2 sessions, none of them anonymous to evict; the new session"
                + " was not stored");
    assertThat(small.load(refused)).isNull();
    assertThat(small.load(alice)).isNotNull();
    assertThat(small.load(bob)).isNotNull();
    assertThat(small.size()).isEqualTo(2);
  }

  @Test
  void fullStore_reclaimsAnExpiredSessionBeforeRefusing() {
    MemoryStore small = bounded(1);
    small.addExpiryListener(expired::add);
    create(small, clock, Duration.ofSeconds(1), "alice");
    clock.advance(Duration.ofSeconds(1));
    create(small, clock, Duration.ofSeconds(1), "bob");
    assertThat(expired).extracting(Snapshot::user).containsExactly("alice");
    assertThat(small.size()).isEqualTo(1);
  }

  @Test
  void floodFromManyThreads_neverExceedsTheMaximum() throws Exception {
    int maximum = 500;
    MemoryStore small = bounded(maximum);
    int threads = 8;
    java.util.concurrent.atomic.AtomicInteger peak =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger refused =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    java.util.List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 2_000; i++) {
                  try {
                    // One in ten is authenticated: those fill the store for good.
                    create(
                        small, clock, Duration.ofMinutes(5), i % 10 == 0 ? "u" + thread + i : "");
                  } catch (dev.sojourn.store.SessionLimitException e) {
                    refused.incrementAndGet();
                  }
                  peak.accumulateAndGet(small.size(), Math::max);
                }
              }));
    }
    for (java.util.concurrent.Future<?> future : futures) {
      future.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(peak.get()).isLessThanOrEqualTo(maximum);
    assertThat(small.size()).isEqualTo(maximum);
    assertThat(small.indexedCount()).isEqualTo(maximum);
    assertThat(refused.get()).isGreaterThan(0);
    long authenticated =
        java.util.stream.IntStream.range(0, threads)
            .mapToLong(
                t ->
                    java.util.stream.IntStream.range(0, 2_000)
                        .filter(i -> i % 10 == 0)
                        .filter(i -> !small.sessionsOf("u" + t + i).isEmpty())
                        .count())
            .sum();
    assertThat(authenticated).isEqualTo(maximum);
  }

  // ---- user index ----

  @Test
  void userIndex_isEmpty_afterEveryOneOfAUsersSessionsExpired() {
    for (int i = 0; i < 5; i++) {
      create(store, clock, Duration.ofSeconds(1 + i), "alice");
    }
    assertThat(store.sessionsOf("alice")).hasSize(5);
    assertThat(store.indexedUserCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    store.sweep();
    assertThat(store.sessionsOf("alice")).isEmpty();
    assertThat(store.indexedUserCount()).isZero();
    assertThat(store.indexedCount()).isZero();
    assertThat(store.size()).isZero();
  }
}
