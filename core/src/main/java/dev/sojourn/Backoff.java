package dev.sojourn;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait of {@link SessionManager#modify} between conflicting attempts: exponential, capped, with
 * full jitter (the {@code n}-th retry waits a uniformly random time between zero and {@code
 * min(maximum, initial * 2^(n-1))}). Immutable and thread-safe.
 */
final class Backoff {
  /**
   * How the back-off waits: {@link java.util.concurrent.locks.LockSupport#parkNanos} by default;
   * tests pass one that records the waits instead of taking them.
   */
  interface Pause {
    /** Waits about {@code nanos} nanoseconds, or less if interrupted. */
    void pause(long nanos);
  }

  private final long initialNanos;
  private final long maximumNanos;
  private final Pause pause;

  Backoff(Duration initial, Duration maximum, Pause pause) {
    this.initialNanos = initial.toNanos();
    this.maximumNanos = maximum.toNanos();
    this.pause = pause;
  }

  /** Waits before attempt {@code attempt} (2 or more). */
  void before(int attempt) {
    pause.pause(nanosBefore(attempt));
  }

  /** The random wait before attempt {@code attempt} (2 or more): full jitter, capped. */
  private long nanosBefore(int attempt) {
    int doublings = Math.min(attempt - 2, 62);
    long ceiling =
        initialNanos > (maximumNanos >> doublings) ? maximumNanos : initialNanos << doublings;
    return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
  }
}
