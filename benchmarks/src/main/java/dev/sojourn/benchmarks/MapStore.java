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
 * <p>With {@code checksDeadline} ({@code impl=map-clock}, not in the default parameter list), a
 * load also reads the clock and answers null past the session's deadline, as every real store must:
 * the ceiling of a store that keeps the contract's "never served at or after its deadline", which
 * isolates what one clock read per load costs.
 *
 * <p>Thread-safe.
 */
final class MapStore implements SessionStore {
  private final ConcurrentHashMap<String, Snapshot> sessions = new ConcurrentHashMap<>();
  private final InstantSource clock;
  private final boolean checksDeadline;

  MapStore(InstantSource clock, boolean checksDeadline) {
    this.clock = clock;
    this.checksDeadline = checksDeadline;
  }

  /** What the map holds under {@code id}; past its deadline too, unless {@code checksDeadline}. */
  @Override
  public @Nullable Snapshot load(String id) {
    Snapshot snapshot = sessions.get(id);
    if (checksDeadline && snapshot != null && snapshot.isExpiredAt(clock.millis())) {
      return null;
    }
    return snapshot;
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
