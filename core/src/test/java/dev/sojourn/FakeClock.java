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
  private final AtomicLong millis =
      new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

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
