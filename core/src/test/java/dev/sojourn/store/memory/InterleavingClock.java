package dev.sojourn.store.memory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A fake clock that runs a hook inside the next clock read of one thread, so that a test can put
 * another thread's operation exactly between two steps of a store operation: deterministic
 * interleavings, no sleeps, no luck.
 */
final class InterleavingClock implements InstantSource {
  private final AtomicLong millis;
  private volatile @Nullable Thread hookedThread;
  private volatile @Nullable Runnable hook;
  private volatile boolean readBeforeHook;

  InterleavingClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  void advance(long deltaMillis) {
    millis.addAndGet(deltaMillis);
  }

  /** Runs {@code hook} in {@code thread}'s next read, which then returns the time after it. */
  void beforeNextRead(Thread thread, Runnable hook) {
    arm(thread, hook, false);
  }

  /** Runs {@code hook} in {@code thread}'s next read, which returns the time before it. */
  void afterNextRead(Thread thread, Runnable hook) {
    arm(thread, hook, true);
  }

  private void arm(Thread thread, Runnable hook, boolean readBeforeHook) {
    this.hook = hook;
    this.readBeforeHook = readBeforeHook;
    this.hookedThread = thread;
  }

  @Override
  public long millis() {
    Runnable pending = hook;
    if (Thread.currentThread() != hookedThread || pending == null) {
      return millis.get();
    }
    hookedThread = null;
    hook = null;
    long before = millis.get();
    pending.run();
    return readBeforeHook ? before : millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }
}
