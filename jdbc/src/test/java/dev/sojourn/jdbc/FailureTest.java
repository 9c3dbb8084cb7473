package dev.sojourn.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.StoreException;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.postgres.PostgresServer;
import dev.sojourn.testing.postgres.PostgresServerExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database down, the pool exhausted, a statement that runs too long: each call throws {@link
 * StoreException} within the configured timeouts, never hangs, and the same store works again once
 * the cause is gone.
 */
class FailureTest {
  @RegisterExtension static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  /** The timeout plus generous slack for a loaded 2-core machine: still far from a hang. */
  private static final long WITHIN_MILLIS = 6_000;

  private final TokenGenerator tokens = TokenGenerator.secure();
  private final MutableClock clock = MutableClock.start();

  @Test
  void databaseDown_failsFast_andTheStoreRecoversWhenItReturns() throws Exception {
    PostgresServer server = POSTGRES.server();
    try (HikariDataSource pool = Postgres.pool(server, 4, 1_000);
        PostgresStore store = Postgres.store(pool, clock).timeout(TIMEOUT).build()) {
      String id = created(store);
      server.stop();
      try {
        assertFailsWithin(() -> store.load(id));
        assertFailsWithin(() -> store.commit(touch(id)));
        assertFailsWithin(() -> store.drop(id));
        assertFailsWithin(store::sweep);
      } finally {
        server.restart();
      }
      Snapshot back = afterRecovery(() -> store.load(id));
      if (back == null) {
        throw new AssertionError("the session was lost across the outage");
      }
      assertThat(back.attributes().get("a")).isEqualTo("1".getBytes(UTF_8));
      assertThat(store.commit(touch(id))).isEqualTo(1);
    }
  }

  @Test
  void poolExhausted_failsWithinThePoolsWait_andWorksOnceAConnectionIsBack() throws Exception {
    try (HikariDataSource pool = Postgres.pool(POSTGRES.server(), 1, 500);
        PostgresStore store = Postgres.store(pool, clock).timeout(TIMEOUT).build()) {
      String id = created(store);
      try (Connection held = pool.getConnection()) {
        assertThat(held.isValid(1)).isTrue();
        assertFailsWithin(() -> store.load(id))
            .hasMessageContaining("cannot load a session")
            .hasMessageContaining("Connection is not available");
      }
      assertThat(store.load(id)).isNotNull();
    }
  }

  @Test
  void statementTimeout_cancelsAStatementBlockedByALock_andTheRowIsWritableAfterwards()
      throws Exception {
    try (HikariDataSource pool = Postgres.pool(POSTGRES.server(), 4);
        PostgresStore store = Postgres.store(pool, clock).timeout(TIMEOUT).build()) {
      String id = created(store);
      try (Connection locker = pool.getConnection();
          Statement statement = locker.createStatement()) {
        locker.setAutoCommit(false);
        // Another client holds the row (an explicit lock in a transaction): the commit must wait.
        statement.execute("SELECT 1 FROM sojourn_session FOR UPDATE");
        assertFailsWithin(() -> store.commit(touch(id)))
            .hasMessageContaining("did not finish within the store's timeout of PT1S");
        locker.rollback();
      }
      assertThat(store.commit(touch(id))).isEqualTo(1);
    }
  }

  @Test
  void storeBuiltWhileTheDatabaseIsDown_failsEachCall_andWorksWhenItIsUp() throws Exception {
    PostgresServer server = POSTGRES.server();
    try (HikariDataSource pool = Postgres.pool(server, 2, 1_000)) {
      Postgres.store(pool, clock).build().close();
      server.stop();
      try (PostgresStore store =
          Postgres.store(pool, clock).createSchema(false).timeout(TIMEOUT).build()) {
        String id = tokens.next();
        try {
          assertFailsWithin(() -> store.load(id));
        } finally {
          server.restart();
        }
        assertThat(afterRecovery(() -> store.load(id))).isNull();
      }
    }
  }

  @Test
  void missingTable_failsEachCall_sayingHowToCreateIt() throws Exception {
    PostgresServer server = POSTGRES.server();
    try (HikariDataSource admin = Postgres.pool(server, 1)) {
      Postgres.execute(admin, "CREATE DATABASE no_schema");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrl("no_schema"));
    config.setUsername(server.user());
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config);
        PostgresStore store = Postgres.store(pool, clock).createSchema(false).build()) {
      assertThatThrownBy(() -> created(store))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("cannot create a session")
          .hasMessageContaining("a table of the store's schema is missing")
          .hasMessageContaining("\"sojourn_session\" does not exist")
          .hasMessageContaining("dev/sojourn/jdbc/schema-postgresql-v1.sql")
          .hasMessageContaining("createSchema(true)");
      assertThatThrownBy(() -> store.load(tokens.next()))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("cannot load a session")
          .hasMessageContaining("a table of the store's schema is missing");
    }
  }

  private String created(PostgresStore store) {
    String id = tokens.next();
    store.commit(
        SessionChange.create(id, tokens.next(), clock.millis())
            .put("a", "1".getBytes(UTF_8))
            .ttl(Duration.ofMinutes(30))
            .build());
    return id;
  }

  private static SessionChange touch(String id) {
    return SessionChange.update(id).ttl(Duration.ofMinutes(30)).build();
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable>
      assertFailsWithin(ThrowingCall call) {
    long started = System.nanoTime();
    Throwable thrown = null;
    try {
      call.run();
    } catch (Throwable t) {
      thrown = t;
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(millis).as("failed within the timeouts").isLessThan(WITHIN_MILLIS);
    assertThat(thrown).as("the call failed").isNotNull();
    return assertThat(thrown).isInstanceOf(StoreException.class);
  }

  /**
   * The loader's first answer once the store has recovered. No pause between attempts: the server
   * accepts connections again when {@code restart()} returns, and the pool drops each broken
   * connection as a call meets it, so a few attempts (at most one per pooled connection) suffice.
   */
  private static @Nullable Snapshot afterRecovery(Loader loader) {
    StoreException last = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        return loader.load();
      } catch (StoreException e) {
        last = e;
      }
    }
    throw new AssertionError("the store did not recover in 50 attempts", last);
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }

  @FunctionalInterface
  private interface Loader {
    @Nullable Snapshot load();
  }
}
