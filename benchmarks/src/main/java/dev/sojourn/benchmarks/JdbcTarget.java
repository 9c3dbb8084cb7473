package dev.sojourn.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A PostgreSQL server this JVM starts ({@link PostgresServer#start()}, loopback, no fsync) and one
 * HikariCP pool on it, in auto-commit mode as Spring Boot's is. Both implementations under test use
 * the same server and a pool of the same size. Not thread-safe; the pool is.
 */
final class JdbcTarget implements AutoCloseable {
  private final PostgresServer server;
  private final HikariDataSource pool;

  private JdbcTarget(PostgresServer server, HikariDataSource pool) {
    this.server = server;
    this.pool = pool;
  }

  /** Starts a server and a pool of {@code poolSize} connections on it. */
  static JdbcTarget start(int poolSize) {
    PostgresServer server = PostgresServer.start();
    try {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(server.jdbcUrl());
      config.setUsername(server.user());
      config.setMaximumPoolSize(poolSize);
      config.setMinimumIdle(poolSize);
      config.setConnectionTimeout(10_000);
      return new JdbcTarget(server, new HikariDataSource(config));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  DataSource pool() {
    return pool;
  }

  /**
   * Transactions the server has committed or rolled back in this database ({@code
   * pg_stat_database}), read after a pause long enough for idle backends to report theirs.
   */
  long serverTransactions() {
    try {
      Thread.sleep(2_000);
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT xact_commit + xact_rollback FROM pg_stat_database"
                      + " WHERE datname = current_database()")) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read pg_stat_database", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    try {
      pool.close();
    } finally {
      server.close();
    }
  }
}
