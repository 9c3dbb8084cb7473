package dev.sojourn.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The real servers the extension starts: found binaries and the shipped ones both run (as {@code
 * nobody} when the JVM is root), stop cuts connections, restart keeps port and data, close cleans.
 */
class PostgresServerTest {
  @Test
  void server_acceptsQueries_stopsAndRestartsOnTheSamePortWithItsData() throws Exception {
    try (PostgresServer server = PostgresServer.start()) {
      int port = server.port();
      assertThat(server.runsUnprivileged()).isEqualTo(Unprivileged.isRoot());
      execute(server, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before the stop')");

      server.stop();
      assertThat(server.isRunning()).isFalse();
      assertThatThrownBy(() -> query(server, "SELECT 1")).isInstanceOf(SQLException.class);

      server.restart();
      assertThat(server.port()).isEqualTo(port);
      assertThat(query(server, "SELECT v FROM kept")).isEqualTo("before the stop");
    }
  }

  @Test
  void shippedBinaries_areUnpacked_andRun() throws Exception {
    Path bin = PostgresBinaries.embedded();
    assertThat(PostgresBinaries.hasPrograms(bin)).isTrue();
    String previous = System.getProperty(PostgresBinaries.PROPERTY);
    System.setProperty(PostgresBinaries.PROPERTY, "embedded");
    try (PostgresServer server = PostgresServer.start()) {
      assertThat(server.binaries()).isEqualTo(bin);
      assertThat(query(server, "SHOW server_version")).startsWith("17.");
    } finally {
      if (previous == null) {
        System.clearProperty(PostgresBinaries.PROPERTY);
      } else {
        System.setProperty(PostgresBinaries.PROPERTY, previous);
      }
    }
  }

  @Test
  void close_stopsTheServer_andDeletesItsDirectory() throws Exception {
    PostgresServer server = PostgresServer.start();
    Path data = server.dataDirectory();
    assertThat(query(server, "SELECT current_user")).isEqualTo("postgres");
    server.close();
    server.close();
    assertThat(server.isRunning()).isFalse();
    assertThat(Files.exists(data)).isFalse();
  }

  @Test
  void missingBinaries_areNamedInTheError() {
    String previous = System.getProperty(PostgresBinaries.PROPERTY);
    System.setProperty(PostgresBinaries.PROPERTY, "/nonexistent/bin");
    try {
      assertThatThrownBy(PostgresServer::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("/nonexistent/bin")
          .hasMessageContaining("initdb");
    } finally {
      if (previous == null) {
        System.clearProperty(PostgresBinaries.PROPERTY);
      } else {
        System.setProperty(PostgresBinaries.PROPERTY, previous);
      }
    }
  }

  private static void execute(PostgresServer server, String sql) throws SQLException {
    try (Connection connection = connect(server);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String query(PostgresServer server, String sql) throws SQLException {
    try (Connection connection = connect(server);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static Connection connect(PostgresServer server) throws SQLException {
    DriverManager.setLoginTimeout(5);
    return DriverManager.getConnection(server.jdbcUrl(), server.user(), "");
  }
}
