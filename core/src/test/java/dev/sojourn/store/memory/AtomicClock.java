package dev.sojourn.store.memory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake clock over an {@link AtomicLong}, so that the Lincheck tests can advance time as one of
 * their concurrent operations (Lincheck sees each read and advance as a shared-memory access).
 */
final class AtomicClock implements InstantSource {
  private final AtomicLong millis;

  AtomicClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  void advance(long deltaMillis) {
    millis.addAndGet(deltaMillis);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }
}
