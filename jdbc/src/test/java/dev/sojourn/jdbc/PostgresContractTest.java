package dev.sojourn.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.store.SessionStore;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.StoreConcurrencyContract;
import dev.sojourn.testing.postgres.PostgresServerExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole store contract (and its concurrent half, sweeping concurrently in the mixed run)
 * against a real PostgreSQL. Each test starts from an empty table.
 */
class PostgresContractTest extends StoreConcurrencyContract {
  @RegisterExtension static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

  private static @Nullable HikariDataSource pool;
  private @Nullable PostgresStore postgres;

  @Override
  protected SessionStore newStore(MutableClock clock) throws Exception {
    HikariDataSource shared = pool;
    if (shared == null) {
      shared = Postgres.pool(POSTGRES.server(), 10);
      pool = shared;
    }
    PostgresStore store = Postgres.store(shared, clock).build();
    Postgres.execute(shared, "TRUNCATE sojourn_session");
    postgres = store;
    return store;
  }

  @Override
  protected void sweep() {
    PostgresStore store = postgres;
    if (store != null) {
      store.sweep();
    }
  }

  @Override
  protected int raceRounds() {
    return 50;
  }

  @AfterAll
  static void closePool() {
    HikariDataSource shared = pool;
    if (shared != null) {
      shared.close();
      pool = null;
    }
  }
}
