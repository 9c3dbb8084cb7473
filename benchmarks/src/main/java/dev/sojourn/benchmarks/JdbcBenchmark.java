package dev.sojourn.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of requests on PostgreSQL-backed sessions, Sojourn's {@code PostgresStore} under
 * {@code SessionManager} side by side with Spring Session JDBC's {@code
 * JdbcIndexedSessionRepository} as Spring Boot configures it ({@link JdbcSubject}). Each trial
 * starts its own PostgreSQL server on a loopback port with a HikariCP pool of {@code pool}
 * connections; the rest is {@link RequestBenchmark}'s, {@code readMostly} and {@code write}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class JdbcBenchmark extends RequestBenchmark<JdbcTarget> {
  /** Connections in the pool, the same for both implementations. */
  @Param("4")
  public int pool = 4;

  /** Starts PostgreSQL and the pool. */
  @Override
  JdbcTarget startTarget() {
    return JdbcTarget.start(pool);
  }

  @Override
  RequestSubject open(String impl, JdbcTarget target) {
    return JdbcSubject.open(impl, target.pool());
  }
}
