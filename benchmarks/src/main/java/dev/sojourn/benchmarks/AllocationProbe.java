package dev.sojourn.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;

/**
 * Prints, for each implementation, the bytes allocated per {@code get}, {@code update} and {@code
 * create} (the workload of {@link StoreBenchmark}): {@code impl=NAME op=OP bytes_per_op=N}.
 *
 * <p>Unlike throughput, allocation does not depend on how busy the machine is, so this harness
 * gives JMH's {@code gc.alloc.rate.norm} figure on a machine too loaded for JMH. Method: each
 * implementation in a fresh JVM; fill a store with {@value #SESSIONS} signed-in sessions; run every
 * operation {@value #WARMUP} times so the JIT compiles it (escape analysis removes some
 * allocations), then {@value #MEASURED} more times, and divide the bytes allocated meanwhile by
 * every live thread (the store's own threads, Caffeine's maintenance in the common pool) by the
 * number of operations. The IDs of {@code update} and {@code get} cycle over the stored sessions;
 * the IDs and tokens of {@code create} are made before measuring.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.sojourn.benchmarks.AllocationProbe}
 * (all implementations), or with one implementation's name to measure only it, in this JVM.
 */
public final class AllocationProbe {
  static final int SESSIONS = 100_000;
  static final int WARMUP = 300_000;
  static final int MEASURED = 200_000;
  private static final String[] VALUES = new String[64];

  static {
    for (int i = 0; i < VALUES.length; i++) {
      VALUES[i] = "item-" + i;
    }
  }

  private AllocationProbe() {}

  /**
   * Measures every implementation in its own JVM, or only the one named in {@code args[0]} here.
   *
   * @throws IllegalArgumentException for an unknown implementation name
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      for (String impl : Subject.NAMES) {
        ChildJvm.run(AllocationProbe.class, impl, List.of("-Xms1g", "-Xmx2g"));
      }
      return;
    }
    String impl = args[0];
    try (Subject subject = Subject.open(impl, Duration.ofSeconds(1))) {
      Tokens tokens = new Tokens(17);
      String[] ids = new String[SESSIONS];
      for (int i = 0; i < SESSIONS; i++) {
        ids[i] = tokens.next();
        subject.preload(ids[i], tokens.next(), "user-" + i, "item-" + i, Subject.TTL);
      }
      report(impl, "get", measure(i -> subject.get(ids[i % SESSIONS])));
      report(impl, "update", measure(i -> subject.update(ids[i % SESSIONS], VALUES[i & 63])));
      String[] fresh = new String[WARMUP + MEASURED];
      for (int i = 0; i < fresh.length; i++) {
        fresh[i] = tokens.next();
      }
      String csrf = tokens.next();
      report(impl, "create", measure(i -> subject.create(fresh[i], csrf, VALUES[i & 63])));
    }
  }

  private interface Operation {
    void run(int i);
  }

  private static double measure(Operation operation) {
    for (int i = 0; i < WARMUP; i++) {
      operation.run(i);
    }
    long before = allocatedByAllThreads();
    for (int i = WARMUP; i < WARMUP + MEASURED; i++) {
      operation.run(i);
    }
    return (allocatedByAllThreads() - before) / (double) MEASURED;
  }

  private static long allocatedByAllThreads() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, allocated);
    }
    return total;
  }

  private static void report(String impl, String op, double bytesPerOp) {
    System.out.printf("impl=%s op=%s bytes_per_op=%.0f%n", impl, op, bytesPerOp);
  }
}
