package dev.sojourn.benchmarks;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Throughput of requests on sessions in an external store, for each implementation ({@link
 * RequestSubject}): each trial starts the store ({@link #startTarget()}), opens the implementation
 * on it, preloads {@code sessions} signed-in sessions with the same IDs for every implementation,
 * and drives them with the same uniform key sequence. One operation is one request as the
 * implementation's servlet filter makes it. A subclass names the store and carries the JMH run
 * settings; JMH lists the benchmarks under the subclass's name.
 *
 * <ul>
 *   <li>{@code readMostly}: 9 requests in 10 change nothing, 1 in 10 sets an attribute.
 *   <li>{@code write}: every request sets an attribute.
 * </ul>
 *
 * @param <T> what the implementations run on, closed at the end of the trial
 */
@State(Scope.Benchmark)
public abstract class RequestBenchmark<T extends AutoCloseable> {
  static final long SEED = 0x5E55_2011L;
  static final String[] VALUES = new String[64];

  static {
    for (int i = 0; i < VALUES.length; i++) {
      VALUES[i] = "item-" + i;
    }
  }

  /** The implementation under test: {@code sojourn} or {@code spring}. */
  @Param({"sojourn", "spring"})
  public String impl = "sojourn";

  /** How many signed-in sessions the store holds. */
  @Param("10000")
  public int sessions = 10_000;

  private @Nullable T target;
  private @Nullable RequestSubject subject;
  private String[] ids = new String[0];
  private int[] keyTable = new int[0];

  /** Starts what the implementations run on, for one trial. */
  abstract T startTarget();

  /** Opens the implementation named {@code impl} on {@code target}. */
  abstract RequestSubject open(String impl, T target);

  /** Starts the store, preloads the sessions and draws the key sequence. */
  @Setup(Level.Trial)
  public void start() {
    T t = startTarget();
    target = t;
    RequestSubject s = open(impl, t);
    subject = s;
    ids = preload(s, sessions);
    keyTable = KeyTable.of("uniform", sessions, SEED + 1);
  }

  /** Stores {@code n} signed-in sessions, the same for every implementation; returns their IDs. */
  static String[] preload(RequestSubject subject, int n) {
    Tokens tokens = new Tokens(SEED);
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      String id = tokens.next();
      subject.preload(id, tokens.next(), "user-" + i, "item-" + i);
      ids[i] = id;
    }
    return ids;
  }

  /** Closes the implementation, then what it ran on. */
  @TearDown(Level.Trial)
  public void stop() throws Exception {
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

  private RequestSubject subject() {
    RequestSubject s = subject;
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
}
