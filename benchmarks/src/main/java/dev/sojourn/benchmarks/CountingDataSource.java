package dev.sojourn.benchmarks;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataSource} that counts, on the connections it hands out, each call that makes the
 * PostgreSQL driver wait for the server: a statement execution ({@code execute*}, a batch counted
 * once: the driver sends it in one exchange) and a {@code commit} or {@code rollback}. The {@code
 * BEGIN} of a transaction is not counted: the driver sends it with the transaction's first
 * statement. Thread-safe.
 */
final class CountingDataSource implements DataSource {
  private static final Set<String> EXECUTIONS =
      Set.of(
          "execute",
          "executeQuery",
          "executeUpdate",
          "executeLargeUpdate",
          "executeBatch",
          "executeLargeBatch");

  private final DataSource target;
  private final LongAdder statements = new LongAdder();
  private final LongAdder ends = new LongAdder();

  CountingDataSource(DataSource target) {
    this.target = target;
  }

  /** Statements executed so far. */
  long statements() {
    return statements.sum();
  }

  /** Commits and rollbacks so far. */
  long transactionEnds() {
    return ends.sum();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(target.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return wrap(target.getConnection(user, password));
  }

  private Connection wrap(Connection connection) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if ((name.equals("commit") || name.equals("rollback"))
              && method.getParameterCount() == 0) {
            ends.increment();
          }
          Object result = invoke(method, connection, args);
          if (result instanceof CallableStatement) {
            return statement(CallableStatement.class, (Statement) result);
          }
          if (result instanceof PreparedStatement) {
            return statement(PreparedStatement.class, (Statement) result);
          }
          if (result instanceof Statement) {
            return statement(Statement.class, (Statement) result);
          }
          return result;
        };
    return (Connection)
        Proxy.newProxyInstance(
            CountingDataSource.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private Object statement(Class<?> type, Statement statement) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (EXECUTIONS.contains(method.getName())) {
            statements.increment();
          }
          return invoke(method, statement, args);
        };
    return Proxy.newProxyInstance(
        CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static @Nullable Object invoke(Method method, Object target, Object @Nullable [] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("CountingDataSource does not unwrap to " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
