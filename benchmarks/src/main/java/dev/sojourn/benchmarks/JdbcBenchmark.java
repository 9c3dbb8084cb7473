package dev.sojourn.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of requests on PostgreSQL-backed sessions, Sojourn's {@code PostgresStore} under
 * {@code SessionManager} side by side with Spring Session JDBC's {@code
 * JdbcIndexedSessionRepository} as Spring Boot configures it ({@link JdbcSubject}). Each trial
 * starts its own PostgreSQL server on a loopback port with a HikariCP pool of {@code pool}
 * connections, preloads {@code sessions} signed-in sessions with the same IDs for every
 * implementation, and drives them with the same uniform key sequence. One operation is one request
 * as the implementation's servlet filter makes it.
 *
 * <ul>
 *   <li>{@code readMostly}: 9 requests in 10 change nothing, 1 in 10 sets an attribute.
 *   <li>{@code write}: every request sets an attribute.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class JdbcBenchmark {
  static final long SEED = RedisBenchmark.SEED;
  static final String[] VALUES = RedisBenchmark.VALUES;

  /** The implementation under test: {@code sojourn} or {@code spring}. */
  @Param({"sojourn", "spring"})
  public String impl = "sojourn";

  /** How many signed-in sessions the table holds. */
  @Param("10000")
  public int sessions = 10_000;

  /** Connections in the pool, the same for both implementations. */
  @Param("4")
  public int pool = 4;

  private @Nullable JdbcTarget target;
  private @Nullable JdbcSubject subject;
  private String[] ids = new String[0];
  private int[] keyTable = new int[0];

  /** Starts PostgreSQL and the pool, preloads the sessions and draws the key sequence. */
  @Setup(Level.Trial)
  public void start() {
    JdbcTarget t = JdbcTarget.start(pool);
    target = t;
    JdbcSubject s = JdbcSubject.open(impl, t.pool());
    subject = s;
    ids = preload(s, sessions);
    keyTable = KeyTable.of("uniform", sessions, SEED + 1);
  }

  /** Stores {@code n} signed-in sessions, the same for every implementation; returns their IDs. */
  static String[] preload(JdbcSubject subject, int n) {
    Tokens tokens = new Tokens(SEED);
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      String id = tokens.next();
      subject.preload(id, tokens.next(), "user-" + i, "item-" + i);
      ids[i] = id;
    }
    return ids;
  }

  /** Closes the implementation, the pool and the server this trial started. */
  @TearDown(Level.Trial)
  public void stop() {
    try {
      if (subject != null) {
        subject.close();
      }
    } finally {
      if (target != null) {
        target.close();
      }
    }
  }

  private JdbcSubject subject() {
    JdbcSubject s = subject;
    if (s == null) {
      throw new IllegalStateException("start() has not run");
    }
    return s;
  }

  /** One request: load and commit; every tenth sets an attribute, the others change nothing. */
  @Benchmark
  public void readMostly(Cursor cursor) {
    int position = cursor.next();
    subject()
        .request(
            ids[keyTable[position]], position % 10 == 0, VALUES[position & (VALUES.length - 1)]);
  }

  /** One request that sets an attribute. */
  @Benchmark
  public void write(Cursor cursor) {
    int position = cursor.next();
    subject().request(ids[keyTable[position]], true, VALUES[position & (VALUES.length - 1)]);
  }

  /** A thread's position in the shared key sequence; threads start at different places. */
  @State(Scope.Thread)
  public static class Cursor {
    private int position;

    /** Starts at a random place in the key sequence. */
    @Setup(Level.Trial)
    public void start() {
      position = ThreadLocalRandom.current().nextInt(KeyTable.SIZE);
    }

    int next() {
      position = (position + 1) & (KeyTable.SIZE - 1);
      return position;
    }
  }
}
