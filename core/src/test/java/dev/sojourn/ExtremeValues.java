package dev.sojourn;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Extreme clock readings and durations for the property tests of issue 8, item 2. */
public final class ExtremeValues {
  private ExtremeValues() {}

  /** now + the TTL in whole milliseconds rounded up, or Long.MAX_VALUE if it does not fit. */
  public static long expectedDeadline(long now, Duration ttl) {
    try {
      long millis = ttl.toMillis();
      if (!ttl.minusMillis(millis).isZero()) {
        millis = Math.addExact(millis, 1);
      }
      return Math.addExact(now, millis);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * now + the timeout in whole milliseconds rounded down (how the manager reads its timeouts), or
   * Long.MAX_VALUE if it does not fit.
   */
  public static long timeoutDeadline(long now, Duration timeout) {
    try {
      return Math.addExact(now, timeout.toMillis());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Clock readings: 0 to Long.MAX_VALUE - 2, with the edges and today. */
  public static Arbitrary<Long> nows() {
    return Arbitraries.oneOf(
        Arbitraries.of(0L, 1L, 1_767_225_600_000L, Long.MAX_VALUE - 2),
        Arbitraries.longs().between(0, 1L << 53),
        Arbitraries.longs().between(0, Long.MAX_VALUE - 2));
  }

  /** Positive durations, from 1 ns to Duration.ofSeconds(Long.MAX_VALUE, 999_999_999). */
  public static Arbitrary<Duration> ttls() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            Duration.ofNanos(1),
            Duration.ofMillis(1),
            Duration.ofMillis(Long.MAX_VALUE),
            Duration.ofMillis(Long.MAX_VALUE).plusNanos(1),
            Duration.ofMillis(Long.MAX_VALUE - 1),
            Duration.ofSeconds(Long.MAX_VALUE),
            Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)),
        Arbitraries.longs().between(1, Long.MAX_VALUE).map(Duration::ofMillis),
        Arbitraries.longs().between(1, Long.MAX_VALUE).map(Duration::ofSeconds),
        Arbitraries.longs().between(1, Long.MAX_VALUE).map(Duration::ofNanos));
  }

  /** Durations the manager's builder accepts as timeouts: at least 1 ms. */
  public static Arbitrary<Duration> timeouts() {
    return ttls().filter(d -> d.compareTo(Duration.ofMillis(1)) >= 0);
  }
}
