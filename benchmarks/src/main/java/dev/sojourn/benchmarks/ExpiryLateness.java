package dev.sojourn.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints, for each implementation, how late past their deadlines the store removes sessions that
 * expire all in one second, while it holds a million: {@code impl=NAME p50_ms=.. p99_ms=..
 * max_ms=.. sweep_cpu_ms=..}.
 *
 * <p>Method, in real time, each implementation in a fresh JVM: fill the store with {@value
 * #LONG_LIVED} sessions that outlive the run, then {@value #EXPIRING} whose deadlines are spread
 * evenly over one whole second a few seconds ahead; run a full collection; then wait. Each removal
 * on expiry is timed by the store's own expiry notification ({@code MemoryStore}'s expiry listener,
 * Caffeine's eviction listener with cause {@code EXPIRED}): lateness is the wall-clock time of the
 * notification minus the session's deadline. A store that has not removed all of them within
 * {@value #GRACE_MILLIS} ms after the last deadline (Spring's {@code MapSessionRepository} removes
 * an expired session only when a lookup finds it) reports {@code never} for the percentiles it
 * cannot reach. Sojourn's sweep interval is 1 s; Caffeine has none (its system scheduler wakes
 * maintenance at the next deadline).
 *
 * <p>{@code sweep_cpu_ms} is the CPU time all the JVM's threads but the harness's own used from
 * just before the first deadline until the last removal (or the end of the grace period): the
 * sweeper thread for Sojourn, the scheduler and the common pool for Caffeine. The JIT compiler and
 * the garbage collector are not Java threads and are not counted.
 */
public final class ExpiryLateness {
  static final int LONG_LIVED = 900_000;
  static final int EXPIRING = 100_000;
  static final long LEAD_MILLIS = 4_000;
  static final long GRACE_MILLIS = 10_000;

  private ExpiryLateness() {}

  /**
   * Measures every implementation in its own JVM, or only the one named in {@code args[0]} in this
   * JVM.
   *
   * @throws IllegalArgumentException for an unknown implementation name
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      for (String impl : Subject.NAMES) {
        if (impl.equals("map")) {
          continue; // the bare map never expires anything: nothing to measure
        }
        ChildJvm.run(ExpiryLateness.class, impl, List.of("-Xms2g", "-Xmx4g"));
      }
      return;
    }
    String impl = args[0];
    long[] lateness = new long[EXPIRING];
    AtomicInteger removed = new AtomicInteger();
    CountDownLatch allRemoved = new CountDownLatch(EXPIRING);
    Subject subject = Subject.open(impl, Duration.ofSeconds(1));
    boolean notifies =
        subject.onExpiry(
            late -> {
              int n = removed.getAndIncrement();
              if (n < EXPIRING) {
                lateness[n] = late;
              }
              allRemoved.countDown();
            });
    Tokens tokens = new Tokens(7);
    long started = System.currentTimeMillis();
    for (int i = 0; i < LONG_LIVED; i++) {
      subject.preload(tokens.next(), tokens.next(), "user-" + i, "item-" + i, Subject.TTL);
    }
    // Deadlines spread over one whole second, starting on a second boundary a few seconds ahead.
    long first = (System.currentTimeMillis() + LEAD_MILLIS) / 1000 * 1000 + 1000;
    for (int i = 0; i < EXPIRING; i++) {
      long deadline = first + i * 1000L / EXPIRING;
      long ttl = deadline - System.currentTimeMillis();
      subject.preload(
          tokens.next(), tokens.next(), "user-x" + i, "item-" + i, Duration.ofMillis(ttl));
    }
    long loaded = System.currentTimeMillis();
    if (loaded >= first - 500) {
      throw new IllegalStateException("loading took too long: " + (loaded - started) + " ms");
    }
    System.gc();
    Map<Long, Long> cpuBefore = threadCpu();
    long lastDeadline = first + 999;
    boolean complete =
        allRemoved.await(
            lastDeadline + GRACE_MILLIS - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
    long sweepCpuMillis = cpuSince(cpuBefore) / 1_000_000;
    long stillHeld = subject.size() - LONG_LIVED;
    System.err.printf(
        "impl=%s loaded %d sessions in %d ms; notifies=%s removed=%d still_held=%d%n",
        impl, LONG_LIVED + EXPIRING, loaded - started, notifies, removed.get(), stillHeld);
    int count = Math.min(removed.get(), EXPIRING);
    long[] sorted = Arrays.copyOf(lateness, count);
    Arrays.sort(sorted);
    System.out.println(
        "impl="
            + impl
            + " p50_ms="
            + percentile(sorted, 0.50)
            + " p99_ms="
            + percentile(sorted, 0.99)
            + " max_ms="
            + (complete ? Long.toString(sorted[count - 1]) : "never")
            + " sweep_cpu_ms="
            + sweepCpuMillis);
    subject.close();
  }

  /** The value at {@code fraction} of all {@value #EXPIRING}, or never if not that many came. */
  private static String percentile(long[] sorted, double fraction) {
    int rank = (int) Math.ceil(fraction * EXPIRING) - 1;
    return rank < sorted.length ? Long.toString(sorted[rank]) : "never";
  }

  private static Map<Long, Long> threadCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long nanos = threads.getThreadCpuTime(id);
      if (id != self && nanos >= 0) {
        cpu.put(id, nanos);
      }
    }
    return cpu;
  }

  private static long cpuSince(Map<Long, Long> before) {
    long total = 0;
    for (Map.Entry<Long, Long> now : threadCpu().entrySet()) {
      total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
    }
    return total;
  }
}
