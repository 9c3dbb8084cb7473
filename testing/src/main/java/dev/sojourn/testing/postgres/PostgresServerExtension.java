package dev.sojourn.testing.postgres;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts a real PostgreSQL server before a test class and stops it after.
 * Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresServerExtension POSTGRES = new PostgresServerExtension();
 * ... DriverManager.getConnection(POSTGRES.jdbcUrl(), POSTGRES.user(), "") ...
 * }</pre>
 *
 * <p>Which binaries run is decided by {@link PostgresBinaries#locate()}; see {@link PostgresServer}
 * for how it runs (as {@code nobody} when the JVM is root).
 */
public final class PostgresServerExtension implements BeforeAllCallback, AfterAllCallback {
  private @Nullable PostgresServer server;

  /** An extension that runs one server per test class. */
  public PostgresServerExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    server = PostgresServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    PostgresServer running = server;
    if (running != null) {
      running.close();
      server = null;
    }
  }

  /**
   * The running server, to stop and restart it.
   *
   * @return the server this extension started for the test class
   * @throws IllegalStateException outside the test class's lifetime
   */
  public PostgresServer server() {
    PostgresServer running = server;
    if (running == null) {
      throw new IllegalStateException("postgres is not running outside the test class");
    }
    return running;
  }

  /** {@return the JDBC URL of the server's {@code postgres} database} */
  public String jdbcUrl() {
    return Objects.requireNonNull(server(), "server").jdbcUrl();
  }

  /** {@return the user to connect as (no password)} */
  public String user() {
    return server().user();
  }
}
