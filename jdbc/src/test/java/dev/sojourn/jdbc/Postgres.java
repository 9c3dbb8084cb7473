package dev.sojourn.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.testing.postgres.PostgresServer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;

/** Test helpers: a pool on a test server, the schema, and a store on it. */
final class Postgres {
  static final byte[] DIGEST_KEY = new byte[32];
  static final byte[] ID_KEY = new byte[32];

  static {
    SecureRandom random = new SecureRandom();
    random.nextBytes(DIGEST_KEY);
    random.nextBytes(ID_KEY);
  }

  private Postgres() {}

  /** A HikariCP pool on {@code server} with {@code size} connections and a 10 s connect wait. */
  static HikariDataSource pool(PostgresServer server, int size) {
    return pool(server, size, 10_000);
  }

  /** A HikariCP pool on {@code server} with {@code size} connections. */
  static HikariDataSource pool(PostgresServer server, int size, long connectionTimeoutMillis) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrl());
    config.setUsername(server.user());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(connectionTimeoutMillis);
    config.setValidationTimeout(500);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  /** A store on {@code pool} with both keys, the schema created, no background sweeper. */
  static PostgresStoreBuilder store(HikariDataSource pool, InstantSource clock) {
    return PostgresStore.builder()
        .dataSource(pool)
        .clock(clock)
        .digestKey(DIGEST_KEY)
        .idKey(ID_KEY)
        .createSchema(true)
        .backgroundSweeper(false);
  }

  /** Runs SQL on the pool (test set-up and corruption). */
  static void execute(HikariDataSource pool, String sql) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
