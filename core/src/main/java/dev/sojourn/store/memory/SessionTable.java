package dev.sojourn.store.memory;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The sessions by ID, and every per-key step on them. Each change to one session runs inside the
 * map's per-key {@code compute}, which also refiles the session in the {@link Indexes} and gives
 * its slot back to the {@link Bound} when it removes it; so commits, drops, lazy expiry and sweeps
 * of one session are serialised while different sessions proceed in parallel.
 *
 * <p>The clock is read inside the key's lock, so liveness and the new deadline are judged at the
 * moment a change applies (Lincheck found a stale read applying an update as if before the deadline
 * to a session created after it). Each session removed because its deadline passed is handed once
 * to {@code onExpired}, outside the lock.
 */
final class SessionTable {
  /**
   * Holds a rotation's new ID between its claim and its store, so that nothing else can take it:
   * loads, drops, sweeps and evictions see nothing there, and creates and other rotations see it
   * taken. Never filed in an index, never counted in the size.
   */
  private static final Snapshot CLAIMED =
      Snapshot.builder("claimed", "claimed").expiresAt(Long.MIN_VALUE).build();

  private final ConcurrentHashMap<String, Snapshot> sessions = new ConcurrentHashMap<>();
  private final InstantSource clock;
  private final Indexes indexes;
  private final Bound bound;
  private final Consumer<Snapshot> onExpired;

  SessionTable(InstantSource clock, Indexes indexes, Bound bound, Consumer<Snapshot> onExpired) {
    this.clock = clock;
    this.indexes = indexes;
    this.bound = bound;
    this.onExpired = onExpired;
  }

  /**
   * The live session under {@code id}, or null. Never allocates. The map is read before the clock;
   * a snapshot that looks expired is removed only if the map still holds it, and if a commit
   * replaced it meanwhile the new one is judged instead (Lincheck found the load otherwise
   * reporting a session gone that was extended just before its deadline).
   */
  @Nullable Snapshot load(String id) {
    Snapshot snapshot = sessions.get(id);
    while (snapshot != null && snapshot != CLAIMED && snapshot.isExpiredAt(clock.millis())) {
      if (expire(id, snapshot)) {
        return null;
      }
      snapshot = sessions.get(id);
    }
    return snapshot == CLAIMED ? null : snapshot;
  }

  /** What the map holds under {@code id}, expired or not; null if nothing or a claim. */
  @Nullable Snapshot stored(String id) {
    Snapshot snapshot = sessions.get(id);
    return snapshot == CLAIMED ? null : snapshot;
  }

  /**
   * {@link #stored} read under the key's lock: waits for a {@code compute} of {@code id} in flight,
   * so a session filed in an index but not yet published is seen once its commit finishes.
   */
  @Nullable Snapshot storedLocked(String id) {
    Snapshot[] read = new Snapshot[1];
    sessions.computeIfPresent(
        id,
        (key, current) -> {
          read[0] = current;
          return current;
        });
    return read[0] == CLAIMED ? null : read[0];
  }

  /** Applies an update (not a rotation) to the session under its ID; returns the new version. */
  long update(SessionChange change) {
    Snapshot stored =
        sessions.compute(
            change.id(),
            (id, current) -> {
              Snapshot next = change.applyTo(current, clock.millis());
              indexes.refile(id, current, next);
              return next;
            });
    return Objects.requireNonNull(stored).version();
  }

  /**
   * Stores a create's session in the slot the caller took from the {@link Bound}; gives the slot
   * back if it stores nothing, and the expired leftover's slot if it replaces one.
   */
  long insert(SessionChange change) {
    boolean[] replaced = new boolean[1];
    Snapshot stored;
    try {
      stored =
          sessions.compute(
              change.id(),
              (id, leftover) -> {
                if (leftover == CLAIMED) {
                  throw new IllegalStateException(
                      "a live session already exists under the new session id");
                }
                Snapshot next = change.applyTo(leftover, clock.millis());
                replaced[0] = leftover != null;
                indexes.refile(id, leftover, next);
                return next;
              });
    } catch (RuntimeException e) {
      bound.release();
      throw e;
    }
    if (replaced[0]) {
      // An expired leftover under the same ID gave up its slot to the new session.
      bound.release();
    }
    return Objects.requireNonNull(stored).version();
  }

  /**
   * Removes the session under {@code id}; true if it was live. One found expired is removed as an
   * expiry (its event delivered, once), and the call returns false.
   */
  boolean drop(String id) {
    Snapshot[] removed = new Snapshot[1];
    boolean[] expired = new boolean[1];
    sessions.computeIfPresent(
        id,
        (key, current) -> {
          if (current == CLAIMED) {
            return current;
          }
          indexes.refile(key, current, null);
          bound.release();
          removed[0] = current;
          expired[0] = current.isExpiredAt(clock.millis());
          return null;
        });
    Snapshot snapshot = removed[0];
    if (snapshot != null && expired[0]) {
      onExpired.accept(snapshot);
      return false;
    }
    return snapshot != null;
  }

  /**
   * Removes the session under {@code id} if it is expired at {@code now}, deciding under the key's
   * lock: a commit still inside its {@code compute} has filed the ID but not yet published the
   * session, and a lock-free read would miss it and let the sweep drop its index entry for good
   * (jcstress found that leak).
   */
  boolean expireIfDue(String id, long now) {
    Snapshot[] removed = new Snapshot[1];
    sessions.computeIfPresent(
        id,
        (key, current) -> {
          if (current == CLAIMED || !current.isExpiredAt(now)) {
            return current;
          }
          indexes.refile(key, current, null);
          bound.release();
          removed[0] = current;
          return null;
        });
    Snapshot expired = removed[0];
    if (expired == null) {
      return false;
    }
    onExpired.accept(expired);
    return true;
  }

  /** Removes {@code expected} as an expiry if the map still holds it under {@code id}. */
  boolean expire(String id, Snapshot expected) {
    boolean removed = removeIfSame(id, expected);
    if (removed) {
      onExpired.accept(expected);
    }
    return removed;
  }

  /** Removes {@code expected} if the map still holds it under {@code id}; no event. */
  boolean removeIfSame(String id, Snapshot expected) {
    if (expected == CLAIMED) {
      return false;
    }
    boolean[] removed = new boolean[1];
    sessions.computeIfPresent(
        id,
        (key, current) -> {
          if (current != expected) {
            return current;
          }
          indexes.refile(key, current, null);
          bound.release();
          removed[0] = true;
          return null;
        });
    return removed[0];
  }

  /**
   * Rotation, step one: takes {@code newId} in one atomic step with the check that it is free
   * (jcstress found a check-then-store letting a concurrent create of the same ID be overwritten).
   * An expired leftover under it is removed as an expiry.
   *
   * @throws IllegalStateException if a live session holds the ID or another rotation claimed it
   */
  void claim(String newId) {
    Snapshot[] leftover = new Snapshot[1];
    sessions.compute(
        newId,
        (id, occupant) -> {
          if (occupant == CLAIMED || (occupant != null && !occupant.isExpiredAt(clock.millis()))) {
            throw new IllegalStateException(
                "a live session already exists under the new session id");
          }
          if (occupant != null) {
            indexes.refile(id, occupant, null);
            leftover[0] = occupant;
          }
          return CLAIMED;
        });
    Snapshot expired = leftover[0];
    if (expired != null) {
      bound.release();
      onExpired.accept(expired);
    }
  }

  /**
   * Rotation, step two: applies {@code change} to the session under its old ID and removes it
   * there, atomically with the change's checks; returns the rotated session (not stored yet). On
   * any failure the claim of the new ID is released and nothing was applied.
   *
   * @throws UserChanged if the session's user is not {@code user}: the caller holds the wrong lock
   */
  Snapshot takeForRotation(SessionChange change, String newId, @Nullable String user) {
    Snapshot[] rotated = new Snapshot[1];
    try {
      sessions.compute(
          change.id(),
          (id, current) -> {
            Snapshot next = change.applyTo(current, clock.millis());
            if (!Objects.equals(next.user(), user)) {
              throw UserChanged.INSTANCE;
            }
            rotated[0] = next;
            indexes.refile(id, current, null);
            return null;
          });
    } catch (RuntimeException e) {
      sessions.remove(newId, CLAIMED);
      throw e;
    }
    return Objects.requireNonNull(rotated[0]);
  }

  /** Rotation, step three: stores the rotated session in the claim it took; keeps its slot. */
  void fillClaim(String newId, Snapshot rotated) {
    sessions.compute(
        newId,
        (id, claim) -> {
          indexes.refile(id, null, rotated);
          return rotated;
        });
  }

  /** Signals that a rotation saw another user than the one whose lock it holds. */
  static final class UserChanged extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final UserChanged INSTANCE = new UserChanged();

    private UserChanged() {
      super("the session's user changed during the rotation", null, false, false);
    }
  }
}
