package dev.sojourn.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Throughput of the three session operations on a store that holds {@code sessions} live sessions,
 * for each implementation, in one run: Sojourn's {@code MemoryStore} through the store SPI, {@link
 * CaffeineStore} through the same SPI, Spring Session's {@code MapSessionRepository}, and the bare
 * map ({@link MapStore}, no expiry, no index, no bound: the ceiling). Every implementation is
 * filled with the same sessions (same seed) and driven by the same key sequence; what each
 * operation does is described in {@link Subject}.
 *
 * <ul>
 *   <li>{@code get}: load a stored session by ID; {@code keys} picks uniform or Zipf-skewed IDs.
 *   <li>{@code update}: load a stored session, set one attribute, persist it (fresh deadline).
 *   <li>{@code create}: store a new anonymous session with a CSRF token and one attribute. Each
 *       thread remembers the IDs it created and drops them at the end of every iteration, outside
 *       the measured time, so every iteration starts from the same {@code sessions}.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx8g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class StoreBenchmark {
  private static final long SEED = 0x5E55_1011L;
  private static final String[] VALUES = new String[64];

  static {
    for (int i = 0; i < VALUES.length; i++) {
      VALUES[i] = "item-" + i;
    }
  }

  /**
   * The store under test: {@code sojourn}, {@code caffeine}, {@code spring}, or {@code map}, the
   * bare-map ceiling ({@link MapStore}) every store is reported as a fraction of.
   */
  @Param({"sojourn", "caffeine", "spring", "map"})
  public String impl = "sojourn";

  /** How many live sessions the store holds when measuring starts. */
  @Param("1000000")
  public int sessions = 1_000_000;

  /** The distribution of the IDs {@code get} and {@code update} ask for: uniform or zipf. */
  @Param({"uniform", "zipf"})
  public String keys = "uniform";

  private @Nullable Subject subject;
  private String[] ids = new String[0];
  private String[] csrfTokens = new String[0];
  private int[] keyTable = new int[0];

  /** Fills the store with {@code sessions} signed-in sessions and draws the key sequence. */
  @Setup(Level.Trial)
  public void fill() {
    Subject opened = Subject.open(impl, Duration.ofSeconds(1));
    Tokens tokens = new Tokens(SEED);
    ids = new String[sessions];
    for (int i = 0; i < sessions; i++) {
      String id = tokens.next();
      opened.preload(id, tokens.next(), "user-" + i, "item-" + i, Subject.TTL);
      ids[i] = id;
    }
    csrfTokens = new String[1024];
    for (int i = 0; i < csrfTokens.length; i++) {
      csrfTokens[i] = tokens.next();
    }
    keyTable = KeyTable.of(keys, sessions, SEED + 1);
    subject = opened;
    System.gc();
  }

  /** Closes the store. */
  @TearDown(Level.Trial)
  public void close() {
    if (subject != null) {
      subject.close();
    }
  }

  private Subject subject() {
    Subject s = subject;
    if (s == null) {
      throw new IllegalStateException("fill() has not run");
    }
    return s;
  }

  /** Loads one stored session. */
  @Benchmark
  public @Nullable Object get(Cursor cursor) {
    return subject().get(ids[keyTable[cursor.next()]]);
  }

  /** Loads one stored session, sets one attribute and persists it. */
  @Benchmark
  public void update(Cursor cursor) {
    int position = cursor.next();
    subject().update(ids[keyTable[position]], VALUES[position & (VALUES.length - 1)]);
  }

  /** Stores one new session with a CSRF token and one attribute. */
  @Benchmark
  public void create(Creations creations) {
    String id = creations.tokens.next();
    creations.created.add(id);
    int n = creations.created.size();
    subject().create(id, csrfTokens[n & (csrfTokens.length - 1)], VALUES[n & (VALUES.length - 1)]);
  }

  /** The sessions a thread created in the current iteration, dropped when it ends. */
  @State(Scope.Thread)
  public static class Creations {
    final Tokens tokens = new Tokens(ThreadLocalRandom.current().nextLong());
    final List<String> created = new ArrayList<>(1 << 20);

    /** Drops what this thread created, so the next iteration starts from the same store. */
    @TearDown(Level.Iteration)
    public void dropCreated(StoreBenchmark benchmark) {
      Subject subject = benchmark.subject();
      for (String id : created) {
        subject.drop(id);
      }
      created.clear();
    }
  }
}
