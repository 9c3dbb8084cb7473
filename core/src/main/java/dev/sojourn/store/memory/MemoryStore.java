package dev.sojourn.store.memory;

import dev.sojourn.store.ExpiryEvents;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionLimitException;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.StoreStatistics;
import dev.sojourn.store.UserIndex;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The in-process {@link SessionStore}: a concurrent map of immutable {@link Snapshot}s, a lazy
 * deadline check on every load, and a sweeper on one daemon thread that removes expired sessions.
 *
 * <p><b>Expiry window.</b> A load never serves a session at or after its deadline. The sweeper runs
 * four times every {@code sweepInterval} and removes every session whose deadline has passed, so a
 * session is gone, and its expiry event delivered, by {@code deadline + sweepInterval} (in practice
 * within a quarter interval plus the time one sweep takes). A sweep visits only sessions whose
 * deadline has passed (and those in the current quarter-interval), never all of them: see {@link
 * DeadlineIndex}.
 *
 * <p><b>Layout.</b> The sessions and every per-key step on them are in {@link SessionTable}; what
 * is filed beside each session (deadline, user) in {@link Indexes}; the size and its maximum in
 * {@link Bound}; the choice of a victim in {@link Eviction}.
 *
 * <p><b>Atomicity.</b> Every change to one session runs inside the map's per-key {@code compute},
 * so commits, drops, lazy expiry and sweeps of one session are serialised while different sessions
 * proceed in parallel. A load reads the map without locking and allocates nothing.
 *
 * <p><b>Events.</b> Each expired session is reported once to the {@linkplain #addExpiryListener
 * expiry listeners}, by whichever of the sweeper or a load removed it. A listener that throws is
 * logged; the removal stands and the other listeners still run.
 *
 * <p><b>Bounded memory.</b> The store holds at most {@code maximumSize} sessions. A create that
 * finds it full evicts the anonymous session closest to its deadline; if every session is
 * authenticated it stores nothing and throws {@link SessionLimitException}. An authenticated
 * session is never evicted to make room. The bound holds under any number of concurrent creates,
 * and a create is refused only when no anonymous session is stored: one that loses its victim to a
 * concurrent create looks for another.
 *
 * <p><b>User index.</b> {@link #sessionsOf} lists a user's sessions in O(sessions of that user);
 * the index changes inside the same per-key step as the session, and forgets a user with the last
 * of their sessions.
 *
 * <p>Thread-safe. {@link #close()} stops the sweeper; loads still never serve an expired session.
 */
public final class MemoryStore implements SessionStore, ExpiryEvents, UserIndex, StoreStatistics {
  private static final System.Logger LOG = System.getLogger(MemoryStore.class.getName());

  private final InstantSource clock;
  private final Duration sweepInterval;
  private final Bound bound;
  private final Indexes indexes;
  private final SessionTable table;
  private final Eviction eviction;
  private final UserLocks userLocks = new UserLocks(64);
  private final List<Consumer<? super Snapshot>> expiryListeners = new CopyOnWriteArrayList<>();
  private final @Nullable Sweeper sweeper;

  private MemoryStore(Builder b) {
    this.clock = b.clock;
    this.sweepInterval = b.sweepInterval;
    this.bound = new Bound(b.maximumSize);
    // Four deadline buckets per sweep interval, and four sweeps, one per bucket: lateness stays
    // near a quarter interval plus one sweep's time, well inside the promised deadline +
    // sweepInterval, and a sweep with nothing due costs one skip-list probe.
    long width = Math.max(1, sweepMillis(sweepInterval) / 4);
    this.indexes = new Indexes(width);
    this.table = new SessionTable(clock, indexes, bound, this::notifyExpired);
    this.eviction = new Eviction(table, indexes, bound);
    this.sweeper = b.backgroundSweeper ? new Sweeper(this::sweep, width) : null;
  }

  /** The sweep interval in milliseconds, saturated: a longer one than that means "rarely". */
  private static long sweepMillis(Duration interval) {
    return interval.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0
        ? Long.MAX_VALUE
        : interval.toMillis();
  }

  /**
   * Returns a builder: system clock, 1 s sweep interval, at most 1,000,000 sessions, background
   * sweeper on.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc} Never allocates.
   *
   * <p>The map is read before the clock. A snapshot that looks expired is removed only if the map
   * still holds it; if a commit replaced it meanwhile, the new one is judged instead (Lincheck
   * found the load otherwise reporting a session gone that was extended just before its deadline).
   *
   * @param id the session ID; an empty one is never stored and answers null
   * @return the live session, or null if it is absent or past its deadline
   */
  @Override
  public @Nullable Snapshot load(String id) {
    return id.isEmpty() ? null : table.load(id);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The clock is read inside the session's lock, so liveness and the new deadline are judged at
   * the moment the change applies (Lincheck found a stale read applying an update as if before the
   * deadline to a session created after it).
   *
   * @param change the change; checked as {@link SessionChange#requireValid} does
   * @return the session's version after the change: 1 for a create
   * @throws SessionLimitException if a create finds the store full and no anonymous session to
   *     evict
   * @throws IllegalStateException if a create finds a live session under its ID
   * @throws dev.sojourn.store.SessionNotFoundException if an update finds no live session
   * @throws dev.sojourn.store.VersionConflictException if the expected version is not the stored
   *     one
   */
  @Override
  public long commit(@Nullable SessionChange change) {
    SessionChange valid = SessionChange.requireValid(change);
    if (valid.kind() == SessionChange.Kind.CREATE) {
      reserveSlot(clock.millis());
      return table.insert(valid);
    }
    String newId = valid.newId();
    if (newId != null) {
      return rotate(valid, newId);
    }
    return table.update(valid);
  }

  /** Takes one of the {@code maximumSize} slots, evicting an anonymous session if need be. */
  private void reserveSlot(long now) {
    while (!bound.tryAcquire()) {
      if (!eviction.evictOne(now)) {
        throw new SessionLimitException(bound.maximum());
      }
    }
  }

  /**
   * Rotation touches two keys, in three steps: it claims the new ID, atomically with the check that
   * it is free, so a create or another rotation aimed at it is refused instead of overwritten; it
   * removes the old ID, atomically with the checks of the change; then it stores the session under
   * the new ID. There is never a moment when both IDs are live. The steps run under the read side
   * of the user's lock, so that {@link #revokeSessionsOf} (the write side) never runs between them,
   * when the session is under neither ID and a listing would miss it.
   */
  private long rotate(SessionChange change, String newId) {
    while (true) {
      String user = userAfter(change);
      Lock lock = user == null ? null : userLocks.forRotation(user);
      if (lock != null) {
        lock.lock();
      }
      try {
        table.claim(newId);
        Snapshot next = table.takeForRotation(change, newId, user);
        table.fillClaim(newId, next);
        return next.version();
      } catch (SessionTable.UserChanged e) {
        // Another commit changed the session's user between our look and the rotation: the lock
        // we hold is the wrong one. Nothing was applied; look again.
      } finally {
        if (lock != null) {
          lock.unlock();
        }
      }
    }
  }

  private @Nullable String userAfter(SessionChange change) {
    if (change.userChanged()) {
      return change.user();
    }
    Snapshot current = table.stored(change.id());
    return current == null ? null : current.user();
  }

  /**
   * {@inheritDoc} Holds the write side of the user's lock, so no rotation of the user's sessions is
   * half done while it lists and drops them.
   *
   * @param user the user whose sessions end
   * @param exceptId a session to keep (the caller's own), or an ID that matches none
   * @return the IDs of the sessions this call ended
   */
  @Override
  public List<String> revokeSessionsOf(String user, String exceptId) {
    Lock lock = userLocks.forRevocation(user);
    lock.lock();
    try {
      List<String> ended = new ArrayList<>();
      for (Snapshot snapshot : sessionsOf(user)) {
        if (!snapshot.id().equals(exceptId) && drop(snapshot.id())) {
          ended.add(snapshot.id());
        }
      }
      return ended;
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@inheritDoc} A session found expired is removed as an expiry (its event delivered, once), and
   * the call returns false.
   *
   * @param id the session ID
   * @return whether a live session was removed
   */
  @Override
  public boolean drop(String id) {
    return !id.isEmpty() && table.drop(id);
  }

  /**
   * {@inheritDoc} Reads the user's entries in the user index and keeps those still live and still
   * the user's.
   *
   * @param user the user name
   * @return the user's live sessions, in no particular order
   */
  @Override
  public List<Snapshot> sessionsOf(String user) {
    List<Snapshot> live = new ArrayList<>();
    for (String id : indexes.idsOf(user)) {
      Snapshot snapshot = load(id);
      if (snapshot != null && user.equals(snapshot.user())) {
        live.add(snapshot);
      }
    }
    return live;
  }

  /**
   * {@inheritDoc} Listeners run on the thread that finds the session expired (the sweeper, or a
   * load, commit or drop that meets it); one that throws is logged and the others still run.
   *
   * @param listener called once per expired session, with its last snapshot
   */
  @Override
  public void addExpiryListener(Consumer<? super Snapshot> listener) {
    expiryListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes every session whose deadline has passed by the store's clock, delivering their expiry
   * events, and returns how many it removed. The background sweeper calls this every interval;
   * tests with a fake clock call it directly.
   *
   * @return how many sessions this sweep removed
   */
  public int sweep() {
    long now = clock.millis();
    int[] removed = new int[1];
    indexes.sweep(
        now,
        id -> {
          if (table.expireIfDue(id, now)) {
            removed[0]++;
          }
        });
    return removed[0];
  }

  /** {@return the number of sessions held, expired ones not yet swept included} */
  @Override
  public int size() {
    return bound.size();
  }

  /** {@return the maximum number of sessions} */
  public int maximumSize() {
    return bound.maximum();
  }

  /** {@return how many anonymous sessions were evicted to make room since the store was built} */
  @Override
  public long evictionCount() {
    return eviction.count();
  }

  /** {@return the sweep interval this store was built with} */
  public Duration sweepInterval() {
    return sweepInterval;
  }

  /** Stops the background sweeper and waits up to 5 s for a running sweep to finish. Idempotent. */
  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.stop();
    }
  }

  /** Whether the background sweeper has been stopped (false if there never was one). */
  boolean isSweeperStopped() {
    return sweeper != null && sweeper.isStopped();
  }

  /** Number of IDs filed in the deadline indexes; equals {@link #size()} at rest. For tests. */
  long indexedCount() {
    return indexes.deadlineCount();
  }

  /** Number of users in the user index. For tests. */
  int indexedUserCount() {
    return indexes.userCount();
  }

  private void notifyExpired(Snapshot expired) {
    for (Consumer<? super Snapshot> listener : expiryListeners) {
      try {
        listener.accept(expired);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "expiry listener failed; the session stays removed", e);
      }
    }
  }

  /** Builds a {@link MemoryStore}. Not thread-safe. */
  public static final class Builder {
    private InstantSource clock = InstantSource.system();
    private Duration sweepInterval = Duration.ofSeconds(1);
    private int maximumSize = 1_000_000;
    private boolean backgroundSweeper = true;

    private Builder() {}

    /**
     * Sets the clock; tests pass a fake one. Default: the system clock.
     *
     * @param clock the clock deadlines are measured on
     * @return this builder
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how often the sweeper runs: the bound on how late past its deadline a session is
     * removed. Default 1 s. Any duration from 1 ms up is accepted; one beyond {@code
     * Long.MAX_VALUE} ms counts as {@code Long.MAX_VALUE} ms (saturated, like every duration in
     * Sojourn: a longer interval is as meaningful as a shorter one, only rarer).
     *
     * @param interval how often the sweeper runs
     * @return this builder
     * @throws IllegalArgumentException if shorter than 1 ms
     */
    public Builder sweepInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException("sweepInterval must be at least 1 ms, was " + interval);
      }
      this.sweepInterval = interval;
      return this;
    }

    /**
     * Sets the maximum number of sessions held. Default 1,000,000 (about 0.5 GB of heap for small
     * sessions).
     *
     * @param maximumSize the most sessions the store holds at once
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maximumSize(int maximumSize) {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /**
     * Whether to run the background sweeper thread. Default true. Tests on a fake clock turn it off
     * and call {@link MemoryStore#sweep()} themselves.
     *
     * @param enabled whether {@link #build()} starts the sweeper thread
     * @return this builder
     */
    public Builder backgroundSweeper(boolean enabled) {
      this.backgroundSweeper = enabled;
      return this;
    }

    /**
     * Returns a new store; starts its sweeper thread if enabled.
     *
     * @return the store
     */
    public MemoryStore build() {
      return new MemoryStore(this);
    }
  }
}
