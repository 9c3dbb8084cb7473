package dev.sojourn.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.MaxSessionsPolicy;
import dev.sojourn.SessionManager;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.postgres.PostgresServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sweep on one node: bounded batches until none is left, events with the last snapshot, a
 * listener that throws stops nothing, a drop leaves an expired row for the sweep to report, and
 * without an idKey the event names the row's digest.
 */
class SweepTest {
  @RegisterExtension static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

  private static final Duration TTL = Duration.ofMinutes(5);

  private final TokenGenerator tokens = TokenGenerator.secure();
  private final MutableClock clock = MutableClock.start();

  @Test
  void sweep_removesEveryExpiredSessionInBatches_andAThrowingListenerStopsNothing()
      throws Exception {
    try (HikariDataSource pool = Postgres.pool(POSTGRES.server(), 2);
        PostgresStore store = Postgres.store(pool, clock).sweepBatchSize(10).build()) {
      Postgres.execute(pool, "TRUNCATE sojourn_session");
      List<Snapshot> reported = new CopyOnWriteArrayList<>();
      store.addExpiryListener(
          snapshot -> {
            throw new IllegalStateException("a listener that fails");
          });
      store.addExpiryListener(reported::add);
      for (int i = 0; i < 25; i++) {
        create(store, tokens.next(), TTL);
      }
      String kept = tokens.next();
      create(store, kept, TTL.plusMillis(1));

      assertThat(store.sweep()).as("nothing expired yet").isZero();
      clock.advance(TTL);
      assertThat(store.sweep()).isEqualTo(25);
      assertThat(reported).hasSize(25);
      assertThat(reported).allSatisfy(s -> assertThat(s.attributes()).containsKey("a"));
      assertThat(store.sweep()).isZero();
      assertThat(store.load(kept)).isNotNull();
    }
  }

  @Test
  void dropOfAnExpiredSession_returnsFalse_andTheSweepStillReportsIt() throws Exception {
    try (HikariDataSource pool = Postgres.pool(POSTGRES.server(), 2);
        PostgresStore store = Postgres.store(pool, clock).build()) {
      Postgres.execute(pool, "TRUNCATE sojourn_session");
      List<String> reported = new CopyOnWriteArrayList<>();
      store.addExpiryListener(snapshot -> reported.add(snapshot.id()));
      String id = tokens.next();
      create(store, id, TTL);
      clock.advance(TTL);
      assertThat(store.drop(id)).isFalse();
      assertThat(store.sweep()).isEqualTo(1);
      assertThat(reported).containsExactly(id);
    }
  }

  @Test
  void withoutIdKey_eventsNameTheDigest_andListingIsUnsupported() throws Exception {
    try (HikariDataSource pool = Postgres.pool(POSTGRES.server(), 2);
        PostgresStore store =
            PostgresStore.builder()
                .dataSource(pool)
                .clock(clock)
                .createSchema(true)
                .backgroundSweeper(false)
                .build()) {
      Postgres.execute(pool, "TRUNCATE sojourn_session");
      List<String> reported = new CopyOnWriteArrayList<>();
      store.addExpiryListener(snapshot -> reported.add(snapshot.id()));
      String id = tokens.next();
      create(store, id, TTL);
      assertThatThrownBy(() -> store.sessionsOf("anyone"))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("idKey");
      assertThat(store.listsSessions()).isFalse();
      for (MaxSessionsPolicy policy : MaxSessionsPolicy.values()) {
        assertThatThrownBy(
                () ->
                    SessionManager.builder()
                        .store(store)
                        .clock(clock)
                        .maxSessionsPerUser(2, policy)
                        .build())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("maxSessionsPerUser")
            .hasMessageContaining("idKey");
      }
      clock.advance(TTL);
      store.sweep();
      assertThat(reported)
          .containsExactly(java.util.HexFormat.of().formatHex(new Keys(null, null).digestOf(id)));
    }
  }

  private void create(PostgresStore store, String id, Duration ttl) {
    store.commit(
        SessionChange.create(id, tokens.next(), clock.millis())
            .put("a", "1".getBytes(UTF_8))
            .ttl(ttl)
            .build());
  }
}
