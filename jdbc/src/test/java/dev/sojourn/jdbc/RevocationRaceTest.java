package dev.sojourn.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.postgres.PostgresServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Sign out everywhere" raced against rotations of the user's sessions, many rounds: once the
 * revoke returned, no session of the user is live under any ID it had or was rotating to, and every
 * rotation that started after the revoke fails.
 */
class RevocationRaceTest {
  @RegisterExtension static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

  private static final Duration TTL = Duration.ofMinutes(30);
  private static final int ROUNDS = 150;
  private static final int SESSIONS = 4;

  private final TokenGenerator tokens = TokenGenerator.secure();
  private final MutableClock clock = MutableClock.start();

  @Test
  void revoke_endsEverySessionOfTheUser_underWhicheverIdARotationLandsIt() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(SESSIONS + 1);
    try (HikariDataSource pool = Postgres.pool(POSTGRES.server(), SESSIONS + 2);
        PostgresStore store = Postgres.store(pool, clock).build()) {
      int survivors = 0;
      int rotationsThatRaced = 0;
      for (int round = 0; round < ROUNDS; round++) {
        String user = "user-" + round;
        List<List<String>> chains = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
          String id = tokens.next();
          store.commit(
              SessionChange.create(id, tokens.next(), clock.millis())
                  .user(user, clock.millis())
                  .ttl(TTL)
                  .build());
          List<String> chain = new ArrayList<>();
          chain.add(id);
          chains.add(chain);
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> rotators = new ArrayList<>();
        for (List<String> chain : chains) {
          rotators.add(
              threads.submit(
                  () -> {
                    go.await();
                    int rotations = 0;
                    for (int i = 0; i < 5; i++) {
                      String next = tokens.next();
                      String current = chain.get(chain.size() - 1);
                      chain.add(next);
                      try {
                        store.commit(
                            SessionChange.update(current)
                                .rotateTo(next, tokens.next())
                                .ttl(TTL)
                                .build());
                        rotations++;
                      } catch (SessionNotFoundException revoked) {
                        return rotations;
                      }
                    }
                    return rotations;
                  }));
        }
        Future<List<String>> revoke =
            threads.submit(
                () -> {
                  go.await();
                  return store.revokeSessionsOf(user, "");
                });
        go.countDown();
        revoke.get(1, TimeUnit.MINUTES);
        for (Future<Integer> rotator : rotators) {
          if (rotator.get(1, TimeUnit.MINUTES) < 5) {
            rotationsThatRaced++;
          }
        }
        for (List<String> chain : chains) {
          for (String id : chain) {
            if (store.load(id) != null) {
              survivors++;
            }
          }
        }
        assertThat(store.sessionsOf(user)).as("round %d", round).isEmpty();
      }
      System.out.printf(
          "revocation race: %d rounds x %d sessions, %d rotation chains cut by the revoke,"
              + " %d survivors%n",
          ROUNDS, SESSIONS, rotationsThatRaced, survivors);
      assertThat(survivors).isZero();
      assertThat(rotationsThatRaced).as("the revoke did race rotations").isPositive();
    } finally {
      threads.shutdownNow();
    }
  }
}
