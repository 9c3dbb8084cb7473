package dev.sojourn.servlet;

import dev.sojourn.store.ExpiryEvents;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.StoreException;
import dev.sojourn.store.memory.MemoryStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A real {@link MemoryStore} behind a switch that makes it fail the way a store fails in production
 * (down, or full), and a record of the IDs that reached it. Reports expiry as the memory store
 * does.
 */
final class SwitchableStore implements SessionStore, ExpiryEvents {
  enum Mode {
    UP,
    DOWN
  }

  private final MemoryStore delegate;
  private final List<String> seenIds = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.UP;

  SwitchableStore(MemoryStore delegate) {
    this.delegate = delegate;
  }

  void mode(Mode mode) {
    this.mode = mode;
  }

  /** How many sessions the store holds. */
  int size() {
    return delegate.size();
  }

  /** Every ID a load, commit or drop was asked about, in order. */
  List<String> seenIds() {
    return seenIds;
  }

  @Override
  public @Nullable Snapshot load(String id) {
    seenIds.add(id);
    if (mode == Mode.DOWN) {
      throw new StoreException("connection refused (test switch)");
    }
    return delegate.load(id);
  }

  @Override
  public long commit(@Nullable SessionChange change) {
    if (change != null) {
      seenIds.add(change.id());
    }
    if (mode == Mode.DOWN) {
      throw new StoreException("connection refused (test switch)");
    }
    return delegate.commit(change);
  }

  @Override
  public boolean drop(String id) {
    seenIds.add(id);
    if (mode == Mode.DOWN) {
      throw new StoreException("connection refused (test switch)");
    }
    return delegate.drop(id);
  }

  @Override
  public void addExpiryListener(Consumer<? super Snapshot> listener) {
    delegate.addExpiryListener(listener);
  }

  /** Removes the sessions whose deadline passed, reporting each to the expiry listeners. */
  int sweep() {
    return delegate.sweep();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
