package dev.sojourn.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.Session;
import dev.sojourn.jdbc.PostgresStore;
import dev.sojourn.store.StoreException;
import dev.sojourn.testing.postgres.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --store postgresql://...} runs the demo on a real PostgreSQL: the schema is created, a
 * session made over HTTP is a row in the table, and the pool is closed with the server.
 */
class PostgresStoreChoiceTest {
  private static PostgresServer postgres;

  @BeforeAll
  static void start() {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  private static String url() {
    return "postgresql://" + postgres.user() + "@127.0.0.1:" + postgres.port() + "/postgres";
  }

  @Test
  void postgresUrl_runsTheDemo_sessionsAreRowsInTheDatabase() throws Exception {
    try (DemoServer server =
        DemoServer.start(
            ServerOptions.parse("--port", "0", "--store", url()), InstantSource.system())) {
      assertThat(server.manager()).isNotNull();
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> page =
          client.send(
              HttpRequest.newBuilder(URI.create(server.url())).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);

      Session session = server.manager().open(null);
      session.login("alice");
      server.manager().commit(session);
      assertThat(server.manager().open(session.id()).user()).isEqualTo("alice");
      assertThat(server.manager().sessionsOf("alice")).hasSize(1);
      assertThat(rows()).isGreaterThanOrEqualTo(1);
    }
    // The pool is closed with the server: no connection of the demo's is left on the server.
    assertThat(demoConnections()).isZero();
  }

  @Test
  void jdbcUrl_opensThePostgresStore() throws Exception {
    Stores.Opened opened =
        Stores.open(postgres.jdbcUrl() + "?user=" + postgres.user(), InstantSource.system());
    try {
      assertThat(opened.store()).isInstanceOf(PostgresStore.class);
    } finally {
      opened.store().close();
      opened.resources().close();
    }
  }

  @Test
  void unreachableDatabase_failsWithAStoreException() {
    assertThatThrownBy(
            () -> Stores.open("postgresql://nobody@127.0.0.1:1/postgres", InstantSource.system()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/postgres");
  }

  private static long rows() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select count(*) from sojourn_session")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static long demoConnections() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select count(*) from pg_stat_activity where pid <> pg_backend_pid()"
                    + " and backend_type = 'client backend'")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static Connection connect() throws Exception {
    return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
  }
}
