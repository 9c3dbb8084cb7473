package dev.sojourn;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock core's own tests move by hand. (Core cannot use sojourn-testing's MutableClock: testing
 * depends on core, and Maven forbids the cycle.)
 */
public final class FakeClock implements InstantSource {
  private final AtomicLong millis;

  /** A clock at 2026-01-01T00:00:00Z. */
  public FakeClock() {
    this(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
  }

  /** A clock at {@code startMillis}; an AtomicLong, so Lincheck sees reads and moves as shared. */
  public FakeClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  public FakeClock advanceMillis(long amount) {
    millis.addAndGet(amount);
    return this;
  }

  public FakeClock advance(Duration amount) {
    millis.addAndGet(amount.toMillis());
    return this;
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }
}
