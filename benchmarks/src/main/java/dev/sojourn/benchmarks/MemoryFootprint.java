package dev.sojourn.benchmarks;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Prints, for each implementation, the heap one stored session retains: {@code impl=NAME
 * bytes_per_session=N}.
 *
 * <p>Method: each implementation runs in a fresh JVM (Parallel GC, so that a full collection
 * compacts and the used heap is exactly the live data). The harness measures the used heap after
 * full collections, fills a store with {@value #SESSIONS} signed-in sessions (a 32-character ID, a
 * 32-character CSRF token, a user name and one small attribute, all created for that session and
 * referenced by nothing but the store), measures again, and divides the difference by the number of
 * sessions. Everything the store allocates per session counts: map entries, its deadline index, the
 * strings and the encoded attribute.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.sojourn.benchmarks.MemoryFootprint}
 * (all implementations), or with one implementation's name to measure only it, in this JVM.
 */
public final class MemoryFootprint {
  /** Sessions stored per implementation. */
  static final int SESSIONS = 1_000_000;

  private MemoryFootprint() {}

  /**
   * Measures every implementation in its own JVM, or only the one named in {@code args[0]} in this
   * JVM.
   *
   * @throws IllegalArgumentException for an unknown implementation name
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      for (String impl : Subject.NAMES) {
        ChildJvm.run(MemoryFootprint.class, impl, List.of("-Xmx3g", "-XX:+UseParallelGC"));
      }
      return;
    }
    String impl = args[0];
    long before = ChildJvm.settledHeapUsed();
    Subject subject = Subject.open(impl, Duration.ofSeconds(1));
    Tokens tokens = new Tokens(42);
    for (int i = 0; i < SESSIONS; i++) {
      // Fresh strings per session, as a server makes them per request: nothing is shared.
      subject.preload(
          tokens.next(),
          tokens.next(),
          String.format(Locale.ROOT, "user-%07d", i),
          String.format(Locale.ROOT, "item-%d", i % 100),
          Subject.TTL);
    }
    if (subject instanceof Subject.SpiSubject) {
      ((Subject.SpiSubject) subject).settle();
    }
    long after = ChildJvm.settledHeapUsed();
    if (subject.size() != SESSIONS) {
      throw new IllegalStateException("store holds " + subject.size() + " sessions");
    }
    Reference.reachabilityFence(subject);
    System.out.println(
        "impl=" + impl + " bytes_per_session=" + Math.round((after - before) / (double) SESSIONS));
    subject.close();
  }
}
