package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.MaxSessionsPolicy;
import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.TooManySessionsException;
import dev.sojourn.store.Snapshot;
import dev.sojourn.testing.MutableClock;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code maxSessionsPerUser} on a real Redis under concurrent sign-ins of one user: 8 threads x 50
 * sign-ins, then short rounds in which only the first burst races. Subclasses say which Redis.
 */
abstract class MaxSessionsPerUserRace {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final int THREADS = 8;
  private static final int MAXIMUM = 3;

  private final MutableClock clock = MutableClock.start();

  abstract RedisStore.Builder connect(RedisStore.Builder builder);

  abstract int rounds();

  private SessionManager manager(MaxSessionsPolicy policy) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return SessionManager.builder()
        .store(
            connect(RedisStore.builder())
                .clock(clock)
                .idKey(key)
                .keyPrefix("cap" + PREFIXES.incrementAndGet() + ":")
                .build())
        .clock(clock)
        .maxSessionsPerUser(MAXIMUM, policy)
        .build();
  }

  private void race(MaxSessionsPolicy policy) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    int belowMaximum = 0;
    try (SessionManager manager = manager(policy)) {
      for (int round = 0; round < rounds(); round++) {
        String user = "racer" + round;
        int each = round == 0 ? 50 : 2;
        AtomicInteger refused = new AtomicInteger();
        List<String> admitted = signIns(pool, manager, user, each, refused);
        List<String> live = manager.sessionsOf(user).stream().map(Snapshot::id).toList();
        assertThat(live).as("round %d", round).hasSizeLessThanOrEqualTo(MAXIMUM);
        assertThat(admitted.size() + refused.get()).isEqualTo(THREADS * each);
        if (policy == MaxSessionsPolicy.REFUSE) {
          long loadable = admitted.stream().filter(id -> !manager.open(id).isNew()).count();
          assertThat(admitted)
              .as("round %d: admitted sessions still loadable: %d", round, loadable)
              .containsExactlyInAnyOrderElementsOf(live);
        } else {
          assertThat(refused.get()).isZero();
          assertThat(admitted).containsAll(live);
          assertThat(live).as("round %d", round).isNotEmpty();
        }
        belowMaximum += live.size() < MAXIMUM ? 1 : 0;
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf(
        "%s %s: rounds that ended below the maximum: %d of %d%n",
        getClass().getSimpleName(), policy, belowMaximum, rounds());
  }

  private List<String> signIns(
      ExecutorService pool, SessionManager manager, String user, int each, AtomicInteger refused)
      throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<List<String>>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(
          pool.submit(
              () -> {
                List<String> admitted = new ArrayList<>();
                start.await();
                for (int i = 0; i < each; i++) {
                  clock.advanceMillis(1);
                  Session session = manager.open(null);
                  session.login(user);
                  try {
                    manager.commit(session);
                    admitted.add(session.id());
                  } catch (TooManySessionsException e) {
                    refused.incrementAndGet();
                  }
                }
                return admitted;
              }));
    }
    List<String> admitted = new ArrayList<>();
    for (Future<List<String>> future : futures) {
      admitted.addAll(future.get(2, TimeUnit.MINUTES));
    }
    return admitted;
  }

  @Test
  void endOldest_underConcurrentSignIns_leavesAtMostTheMaximum() throws Exception {
    race(MaxSessionsPolicy.END_OLDEST);
  }

  @Test
  void refuse_underConcurrentSignIns_neverAdmitsMoreThanTheMaximum() throws Exception {
    race(MaxSessionsPolicy.REFUSE);
  }
}
