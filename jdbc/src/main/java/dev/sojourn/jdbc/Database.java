package dev.sojourn.jdbc;

import dev.sojourn.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Runs one statement on a connection borrowed from the pool for just that statement, with the
 * store's timeout, and turns every {@link SQLException} into a {@link StoreException} that says
 * what could not be done. Thread-safe.
 */
final class Database {
  /** SQLSTATE undefined_table: the schema was not created. */
  private static final String UNDEFINED_TABLE = "42P01";

  /** SQLSTATE of a statement cancelled by its timeout. */
  static final String QUERY_CANCELED = "57014";

  /** SQLSTATE of a unique violation. */
  static final String UNIQUE_VIOLATION = "23505";

  private static final Executor DIRECT = Runnable::run;

  private final DataSource dataSource;
  private final Duration timeout;

  Database(DataSource dataSource, Duration timeout) {
    this.dataSource = dataSource;
    this.timeout = timeout;
  }

  /** Reads the result of a statement. */
  @FunctionalInterface
  interface Reader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  /**
   * Runs {@code sql} with {@code values} and reads its result with {@code reader}.
   *
   * @throws StoreException if the pool or the database cannot answer within the timeout
   * @throws SQLException only for a unique violation (SQLSTATE 23505), which callers interpret
   */
  <T> T query(String operation, NamedSql sql, Map<String, Object> values, Reader<T> reader)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setNetworkTimeout(DIRECT, networkTimeoutMillis());
      T result;
      try (PreparedStatement statement = connection.prepareStatement(sql.sql())) {
        statement.setQueryTimeout(timeoutSeconds());
        sql.bind(statement, values);
        try (ResultSet rows = statement.executeQuery()) {
          result = reader.read(rows);
        }
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      return result;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      throw failure(operation, e);
    }
  }

  /** Runs the statements of a SQL script, one by one (the schema). */
  void script(String resource) {
    String text;
    try (InputStream in = Database.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from sojourn-jdbc");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(timeoutSeconds());
      StringBuilder withoutComments = new StringBuilder();
      for (String line : text.split("\n", -1)) {
        if (!line.strip().startsWith("--")) {
          withoutComments.append(line).append('\n');
        }
      }
      for (String part : withoutComments.toString().split(";", -1)) {
        if (!part.isBlank()) {
          statement.execute(part);
        }
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    } catch (SQLException e) {
      throw failure("create the schema (" + resource + ")", e);
    }
  }

  StoreException failure(String operation, SQLException e) {
    String state = e.getSQLState();
    String why;
    if (QUERY_CANCELED.equals(state)) {
      why = "the statement did not finish within the store's timeout of " + timeout;
    } else if (state != null && state.startsWith("08")) {
      why = "cannot reach the database (" + e.getMessage() + ")";
    } else if (UNDEFINED_TABLE.equals(state)) {
      why =
          "a table of the store's schema is missing ("
              + e.getMessage()
              + "): create it with "
              + PostgresDialect.SCHEMA_RESOURCE.substring(1)
              + " (in sojourn-jdbc), or build the store with createSchema(true) (Spring Boot:"
              + " sojourn.store.jdbc.create-schema=true)";
    } else if ("40P01".equals(state)) {
      why = "the database reported a deadlock (" + e.getMessage() + ")";
    } else {
      why = e.getMessage() + (state == null ? "" : " (SQLSTATE " + state + ")");
    }
    return new StoreException("postgres store: cannot " + operation + ": " + why, e);
  }

  private int timeoutSeconds() {
    long seconds = (timeout.toMillis() + 999) / 1000;
    return (int) Math.max(1, seconds);
  }

  /** The socket timeout: the statement timeout plus a margin for the cancel to come back. */
  private int networkTimeoutMillis() {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() + 2_000);
  }
}
