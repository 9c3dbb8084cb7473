package dev.sojourn.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.postgres.PostgresServerExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cleanup across nodes: three stores (three pools, one database, one fake clock) sweep at once in
 * small batches; every expired session is removed by the end of the sweep interval that follows its
 * deadline and reported exactly once, with its ID and attributes; no live session is reported.
 */
class MultiNodeCleanupTest {
  @RegisterExtension static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

  private static final int NODES = 3;
  private static final int EXPIRING = 1_500;
  private static final int LONG_LIVED = 300;
  private static final Duration SWEEP_INTERVAL = Duration.ofMillis(100);

  private final TokenGenerator tokens = TokenGenerator.secure();
  private final MutableClock clock = MutableClock.start();

  @Test
  void threeNodesSweeping_removeEveryExpiredSessionInTime_andReportEachExactlyOnce()
      throws Exception {
    List<HikariDataSource> pools = new ArrayList<>();
    List<PostgresStore> nodes = new ArrayList<>();
    Map<String, AtomicInteger> reports = new ConcurrentHashMap<>();
    Map<String, Long> reportedAt = new ConcurrentHashMap<>();
    try {
      for (int n = 0; n < NODES; n++) {
        HikariDataSource pool = Postgres.pool(POSTGRES.server(), 3);
        pools.add(pool);
        PostgresStore node = Postgres.store(pool, clock).sweepBatchSize(37).build();
        node.addExpiryListener(
            snapshot -> {
              reports.computeIfAbsent(snapshot.id(), id -> new AtomicInteger()).incrementAndGet();
              reportedAt.put(snapshot.id(), clock.millis());
              assertThat(new String(snapshot.attributes().get("n"), UTF_8)).isNotEmpty();
            });
        nodes.add(node);
      }
      long start = clock.millis();
      Map<String, Long> deadlines = new HashMap<>();
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < EXPIRING; i++) {
        String id = tokens.next();
        long ttl = 1L + random.nextInt(2_000);
        nodes.get(i % NODES).commit(create(id, i, Duration.ofMillis(ttl)));
        deadlines.put(id, clock.millis() + ttl);
      }
      List<String> longLived = new ArrayList<>();
      for (int i = 0; i < LONG_LIVED; i++) {
        String id = tokens.next();
        nodes.get(i % NODES).commit(create(id, i, Duration.ofHours(1)));
        longLived.add(id);
      }

      ExecutorService threads = Executors.newFixedThreadPool(NODES);
      int rounds = 0;
      while (clock.millis() < start + 2_000 + SWEEP_INTERVAL.toMillis()) {
        clock.advance(SWEEP_INTERVAL);
        rounds++;
        List<Future<Integer>> sweeps = new ArrayList<>();
        for (PostgresStore node : nodes) {
          sweeps.add(threads.submit(node::sweep));
        }
        for (Future<Integer> sweep : sweeps) {
          sweep.get(1, TimeUnit.MINUTES);
        }
        assertThat(expiredRowsLeft(pools.get(0), clock.millis()))
            .as("expired rows left after the sweeps at round %d", rounds)
            .isZero();
      }
      threads.shutdown();

      assertThat(reports.keySet()).containsExactlyInAnyOrderElementsOf(deadlines.keySet());
      assertThat(reports.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
      for (Map.Entry<String, Long> reported : reportedAt.entrySet()) {
        long deadline = java.util.Objects.requireNonNull(deadlines.get(reported.getKey()));
        assertThat(reported.getValue())
            .as("reported between the deadline and one sweep interval after it")
            .isBetween(deadline, deadline + SWEEP_INTERVAL.toMillis());
      }
      for (String id : longLived) {
        Snapshot live = nodes.get(0).load(id);
        assertThat(live).isNotNull();
      }
      System.out.printf(
          "cleanup: %d nodes, %d expired sessions reported once each over %d rounds,"
              + " %d long-lived kept%n",
          NODES, reports.size(), rounds, longLived.size());
    } finally {
      nodes.forEach(PostgresStore::close);
      pools.forEach(HikariDataSource::close);
    }
  }

  private SessionChange create(String id, int n, Duration ttl) {
    return SessionChange.create(id, tokens.next(), clock.millis())
        .put("n", Integer.toString(n).getBytes(UTF_8))
        .ttl(ttl)
        .build();
  }

  private static long expiredRowsLeft(HikariDataSource pool, long now) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM sojourn_session WHERE expires_at <= " + now)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
