package dev.sojourn.store.memory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store's size and its maximum: a create takes a slot before it stores anything, every removal
 * gives one back. The size never exceeds the maximum, under any number of concurrent creates.
 *
 * <p>Thread-safe.
 */
final class Bound {
  private final int maximum;
  private final AtomicInteger size = new AtomicInteger();

  Bound(int maximum) {
    this.maximum = maximum;
  }

  /** Takes one slot if the store is below its maximum; false if it is full. */
  boolean tryAcquire() {
    while (true) {
      int current = size.get();
      if (current >= maximum) {
        return false;
      }
      if (size.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** Gives back one slot: a session was removed, or a create that took one stored nothing. */
  void release() {
    size.decrementAndGet();
  }

  /** Whether a slot is free now (a hint: another create may take it first). */
  boolean hasRoom() {
    return size.get() < maximum;
  }

  /** The number of slots taken: the sessions held, expired ones not yet removed included. */
  int size() {
    return size.get();
  }

  int maximum() {
    return maximum;
  }
}
