package dev.sojourn.benchmarks;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The ceiling a hashed store can reach (issue 12, item 2): a bare {@code ConcurrentHashMap<String,
 * Snapshot>} that applies each change with {@link SessionChange#applyTo} inside the map's {@code
 * compute}, and nothing else: no expiry (a load serves a snapshot past its deadline and nothing
 * ever removes one), no deadline or user index, no bound, no rotation. Not a store anyone should
 * use; it is the same work as a real store minus everything that makes one, so a store's throughput
 * divided by this one's is the share its own bookkeeping leaves.
 *
 * <p>Thread-safe.
 */
final class MapStore implements SessionStore {
  private final ConcurrentHashMap<String, Snapshot> sessions = new ConcurrentHashMap<>();
  private final InstantSource clock;

  MapStore(InstantSource clock) {
    this.clock = clock;
  }

  /** What the map holds under {@code id}; no deadline check. */
  @Override
  public @Nullable Snapshot load(String id) {
    return sessions.get(id);
  }

  /**
   * Applies the change under its ID.
   *
   * @throws UnsupportedOperationException for a rotation (the benchmarks never rotate)
   */
  @Override
  public long commit(@Nullable SessionChange change) {
    SessionChange valid = SessionChange.requireValid(change);
    if (valid.newId() != null) {
      throw new UnsupportedOperationException("the bare map does not rotate");
    }
    Snapshot stored =
        sessions.compute(valid.id(), (id, current) -> valid.applyTo(current, clock.millis()));
    return Objects.requireNonNull(stored).version();
  }

  @Override
  public boolean drop(String id) {
    return sessions.remove(id) != null;
  }

  /** The number of sessions held. */
  int size() {
    return sessions.size();
  }
}
