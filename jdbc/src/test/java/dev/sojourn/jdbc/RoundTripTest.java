package dev.sojourn.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.postgres.PostgresServerExtension;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One statement per load and per commit, whatever the commit carries, and each on its own
 * connection borrowed for just that statement (auto-commit: no transaction spans round trips).
 * Counted on the JDBC connection the store is handed.
 */
class RoundTripTest {
  @RegisterExtension static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

  private static final Duration TTL = Duration.ofMinutes(30);

  private final TokenGenerator tokens = TokenGenerator.secure();
  private final MutableClock clock = MutableClock.start();
  private final AtomicInteger statements = new AtomicInteger();
  private final AtomicInteger borrowed = new AtomicInteger();

  @Test
  void load_andEveryKindOfCommit_areOneStatementEach() throws Exception {
    try (HikariDataSource pool = Postgres.pool(POSTGRES.server(), 2);
        PostgresStore store =
            Postgres.store(pool, clock).dataSource(counting(pool)).createSchema(false).build()) {
      Postgres.store(pool, clock).build().close();
      String id = tokens.next();
      assertThat(
              count(
                  () ->
                      store.commit(
                          SessionChange.create(id, tokens.next(), clock.millis())
                              .user("ann", clock.millis())
                              .put("a", "1".getBytes(UTF_8))
                              .ttl(TTL)
                              .build())))
          .isEqualTo(1);
      assertThat(count(() -> store.load(id))).isEqualTo(1);
      String rotated = tokens.next();
      assertThat(
              count(
                  () ->
                      store.commit(
                          SessionChange.update(id)
                              .expectVersion(1)
                              .rotateTo(rotated, tokens.next())
                              .user("bob", clock.millis())
                              .put("b", "2".getBytes(UTF_8))
                              .remove("a")
                              .idleTimeoutMillis(60_000)
                              .ttl(TTL)
                              .build())))
          .isEqualTo(1);
      assertThat(count(() -> store.commit(SessionChange.update(rotated).ttl(TTL).build())))
          .isEqualTo(1);
      assertThat(count(() -> store.revokeSessionsOf("bob", ""))).isEqualTo(1);
      assertThat(count(() -> store.drop(rotated))).isEqualTo(1);
      assertThat(borrowed.get()).as("one connection per statement").isEqualTo(statements.get());
    }
  }

  private int count(Runnable operation) {
    int before = statements.get();
    operation.run();
    return statements.get() - before;
  }

  /** The pool, with every statement prepared on its connections counted. */
  private DataSource counting(HikariDataSource pool) {
    return new DataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        borrowed.incrementAndGet();
        Connection real = pool.getConnection();
        return (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("prepareStatement")
                      || method.getName().equals("createStatement")) {
                    statements.incrementAndGet();
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
      }

      @Override
      public Connection getConnection(String user, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
      }

      @Override
      public PrintWriter getLogWriter() {
        return new PrintWriter(new java.io.OutputStreamWriter(System.err, UTF_8));
      }

      @Override
      public void setLogWriter(PrintWriter out) {}

      @Override
      public void setLoginTimeout(int seconds) {}

      @Override
      public int getLoginTimeout() {
        return 0;
      }

      @Override
      public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
      }

      @Override
      public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
      }

      @Override
      public boolean isWrapperFor(Class<?> type) {
        return false;
      }
    };
  }
}
