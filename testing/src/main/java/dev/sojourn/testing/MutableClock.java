package dev.sojourn.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link InstantSource} that stands still until a test moves it, with millisecond precision (the
 * precision stores keep). Thread-safe: tests may advance it while other threads read it.
 */
public final class MutableClock implements InstantSource {
  private final AtomicLong millis;

  private MutableClock(long epochMillis) {
    this.millis = new AtomicLong(epochMillis);
  }

  /** {@return a new clock at {@code 2026-01-01T00:00:00Z}} */
  public static MutableClock start() {
    return at(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * Returns a clock at {@code instant}, truncated to the millisecond.
   *
   * @param instant where the clock starts
   * @return a new clock
   * @throws NullPointerException if {@code instant} is null
   * @throws ArithmeticException if {@code instant} is too far from the epoch for a {@code long} of
   *     milliseconds
   */
  public static MutableClock at(Instant instant) {
    return new MutableClock(instant.toEpochMilli());
  }

  /**
   * Moves the clock forward.
   *
   * @param amount how far, truncated to the millisecond; zero leaves the clock where it is
   * @return this clock
   * @throws NullPointerException if {@code amount} is null
   * @throws IllegalArgumentException if {@code amount} is negative: time does not run backwards
   */
  public MutableClock advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("cannot move the clock backwards by " + amount);
    }
    millis.addAndGet(amount.toMillis());
    return this;
  }

  /**
   * Moves the clock forward by {@code amount} milliseconds.
   *
   * @param amount how many milliseconds
   * @return this clock
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public MutableClock advanceMillis(long amount) {
    return advance(Duration.ofMillis(amount));
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public String toString() {
    return "MutableClock(" + instant() + ")";
  }
}
