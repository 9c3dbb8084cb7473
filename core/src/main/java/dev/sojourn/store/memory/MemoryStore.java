package dev.sojourn.store.memory;

import dev.sojourn.store.ExpiryEvents;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionLimitException;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.UserIndex;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
public final class MemoryStore implements SessionStore, ExpiryEvents, UserIndex {
  private static final System.Logger LOG = System.getLogger(MemoryStore.class.getName());

  /**
   * Holds a rotation's new ID between its claim and its store, so that nothing else can take it:
   * loads, drops, sweeps and evictions see nothing there, and creates and other rotations see it
   * taken. Never filed in an index, never counted in the size.
   */
  private static final Snapshot CLAIMED =
      Snapshot.builder("claimed", "claimed").expiresAt(Long.MIN_VALUE).build();

  private final InstantSource clock;
  private final Duration sweepInterval;
  private final int maximumSize;
  private final ConcurrentHashMap<String, Snapshot> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong evictions = new AtomicLong();
  private final DeadlineIndex anonymous;
  private final DeadlineIndex authenticated;
  private final UserSessions users = new UserSessions();
  private final ReentrantReadWriteLock[] userLocks = newUserLocks(64);
  private final List<Consumer<? super Snapshot>> expiryListeners = new CopyOnWriteArrayList<>();
  private final @Nullable ScheduledExecutorService sweeper;

  private MemoryStore(Builder b) {
    this.clock = b.clock;
    this.sweepInterval = b.sweepInterval;
    this.maximumSize = b.maximumSize;
    long width = Math.max(1, sweepMillis(sweepInterval) / 4);
    this.anonymous = new DeadlineIndex(width);
    this.authenticated = new DeadlineIndex(width);
    if (b.backgroundSweeper) {
      ScheduledExecutorService executor =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "sojourn-memory-sweeper");
                thread.setDaemon(true);
                return thread;
              });
      // Four sweeps per interval, one per deadline bucket: lateness stays near a quarter interval
      // plus one sweep's time, well inside the promised deadline + sweepInterval, and a sweep with
      // nothing due costs one skip-list probe.
      long period = width;
      executor.scheduleAtFixedRate(this::sweepQuietly, period, period, TimeUnit.MILLISECONDS);
      this.sweeper = executor;
    } else {
      this.sweeper = null;
    }
  }

  /** The sweep interval in milliseconds, saturated: a longer one than that means "rarely". */
  private static long sweepMillis(Duration interval) {
    return interval.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0
        ? Long.MAX_VALUE
        : interval.toMillis();
  }

  private static ReentrantReadWriteLock[] newUserLocks(int stripes) {
    ReentrantReadWriteLock[] locks = new ReentrantReadWriteLock[stripes];
    for (int i = 0; i < stripes; i++) {
      locks[i] = new ReentrantReadWriteLock();
    }
    return locks;
  }

  /**
   * Returns a builder: system clock, 1 s sweep interval, at most 1,000,000 sessions, background
   * sweeper on.
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
   */
  @Override
  public @Nullable Snapshot load(String id) {
    if (id.isEmpty()) {
      return null;
    }
    Snapshot snapshot = sessions.get(id);
    while (snapshot != null && snapshot != CLAIMED && snapshot.isExpiredAt(clock.millis())) {
      if (expire(id, snapshot)) {
        return null;
      }
      snapshot = sessions.get(id);
    }
    return snapshot == CLAIMED ? null : snapshot;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The clock is read inside the session's lock, so liveness and the new deadline are judged at
   * the moment the change applies (Lincheck found a stale read applying an update as if before the
   * deadline to a session created after it).
   */
  @Override
  public long commit(@Nullable SessionChange change) {
    SessionChange valid = SessionChange.requireValid(change);
    if (valid.kind() == SessionChange.Kind.CREATE) {
      return create(valid);
    }
    String newId = valid.newId();
    if (newId != null) {
      return rotate(valid, newId);
    }
    Snapshot stored =
        sessions.compute(
            valid.id(),
            (id, current) -> {
              Snapshot next = valid.applyTo(current, clock.millis());
              refile(id, current, next);
              return next;
            });
    return Objects.requireNonNull(stored).version();
  }

  private long create(SessionChange change) {
    reserveSlot(clock.millis());
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
                refile(id, leftover, next);
                return next;
              });
    } catch (RuntimeException e) {
      size.decrementAndGet();
      throw e;
    }
    if (replaced[0]) {
      // An expired leftover under the same ID gave up its slot to the new session.
      size.decrementAndGet();
    }
    return Objects.requireNonNull(stored).version();
  }

  /** Takes one of the {@code maximumSize} slots, evicting an anonymous session if need be. */
  private void reserveSlot(long now) {
    while (true) {
      int current = size.get();
      if (current < maximumSize) {
        if (size.compareAndSet(current, current + 1)) {
          return;
        }
      } else if (!evictOne(now)) {
        throw new SessionLimitException(maximumSize);
      }
    }
  }

  /**
   * Makes room for one session: reclaims an expired session if the earliest deadline of either
   * index has passed, else evicts the anonymous session closest to its deadline. Returns false only
   * if the store holds no anonymous session at all (and the size is still at the maximum).
   *
   * <p>A create that loses its victim to another create (which evicted or replaced it first) looks
   * again: losing a race is not "full" (the stress test saw up to 36 of 20,000 creates refused
   * while every stored session was anonymous). A create that finds only anonymous IDs whose
   * sessions are not visible yet, because their creates are still inside their {@code compute},
   * waits for those under their keys' locks before it calls the store full. Each look examines the
   * earliest bucket holding a visible anonymous session, not every session.
   */
  private boolean evictOne(long now) {
    while (true) {
      Snapshot expired = closest(authenticated, false);
      if (expired != null && expired.isExpiredAt(now) && expire(expired.id(), expired)) {
        return true;
      }
      Snapshot victim = closest(anonymous, false);
      if (victim == null) {
        victim = closest(anonymous, true);
        if (victim == null) {
          return size.get() < maximumSize;
        }
      }
      if (victim.isExpiredAt(now)) {
        if (expire(victim.id(), victim)) {
          return true;
        }
      } else if (removeIfSame(victim.id(), victim)) {
        evictions.incrementAndGet();
        return true;
      }
      if (size.get() < maximumSize) {
        return true;
      }
    }
  }

  /**
   * The session with the earliest deadline in the earliest bucket of {@code index} that holds one
   * filed there, or null if none does. With {@code waitForCommits}, each ID is read under its key's
   * lock, so a session whose commit is still inside its {@code compute} (filed in the index, not
   * yet visible to a plain read) is seen once that commit finishes.
   */
  private @Nullable Snapshot closest(DeadlineIndex index, boolean waitForCommits) {
    for (Set<String> candidates : index.idsByDeadline()) {
      Snapshot best = null;
      for (String id : candidates) {
        Snapshot snapshot = waitForCommits ? readLocked(id) : sessions.get(id);
        if (snapshot != null
            && snapshot != CLAIMED
            && indexOf(snapshot) == index
            && (best == null || snapshot.expiresAtMillis() < best.expiresAtMillis())) {
          best = snapshot;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return null;
  }

  /** Reads {@code id} under its key's lock: waits for a {@code compute} of it in flight. */
  private @Nullable Snapshot readLocked(String id) {
    Snapshot[] read = new Snapshot[1];
    sessions.computeIfPresent(
        id,
        (key, current) -> {
          read[0] = current;
          return current;
        });
    return read[0];
  }

  /**
   * Rotation touches two keys, in three steps: it claims the new ID, atomically with the check that
   * it is free (see {@link #claim}), so a create or another rotation aimed at it is refused instead
   * of overwritten; it removes the old ID, atomically with the checks of the change; then it stores
   * the session under the new ID. There is never a moment when both IDs are live.
   */
  private long rotate(SessionChange change, String newId) {
    while (true) {
      String user = userAfter(change);
      Lock lock = user == null ? null : userLock(user).readLock();
      if (lock != null) {
        lock.lock();
      }
      try {
        return rotateHoldingUserLock(change, newId, user);
      } catch (UserChanged e) {
        // Another commit changed the session's user between our look and the rotation: the lock
        // we hold is the wrong one. Nothing was applied; look again.
      } finally {
        if (lock != null) {
          lock.unlock();
        }
      }
    }
  }

  /**
   * The two steps of a rotation, under the read side of the user's lock, so that {@link
   * #revokeSessionsOf} (the write side) never runs between them, when the session is under neither
   * ID and a listing would miss it (jcstress found "sign out everywhere" missing such a session).
   */
  private long rotateHoldingUserLock(SessionChange change, String newId, @Nullable String user) {
    claim(newId);
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
            refile(id, current, null);
            return null;
          });
    } catch (RuntimeException e) {
      sessions.remove(newId, CLAIMED);
      throw e;
    }
    Snapshot next = Objects.requireNonNull(rotated[0]);
    sessions.compute(
        newId,
        (id, claim) -> {
          refile(id, null, next);
          return next;
        });
    return next.version();
  }

  /**
   * Takes {@code newId} for a rotation in one atomic step with the check that it is free (jcstress
   * found a check-then-store letting a concurrent create of the same ID be overwritten). An expired
   * leftover under it is removed as an expiry.
   *
   * @throws IllegalStateException if a live session holds the ID or another rotation claimed it
   */
  private void claim(String newId) {
    Snapshot[] leftover = new Snapshot[1];
    sessions.compute(
        newId,
        (id, occupant) -> {
          if (occupant == CLAIMED || (occupant != null && !occupant.isExpiredAt(clock.millis()))) {
            throw new IllegalStateException(
                "a live session already exists under the new session id");
          }
          if (occupant != null) {
            refile(id, occupant, null);
            leftover[0] = occupant;
          }
          return CLAIMED;
        });
    Snapshot expired = leftover[0];
    if (expired != null) {
      size.decrementAndGet();
      notifyExpired(expired);
    }
  }

  private @Nullable String userAfter(SessionChange change) {
    if (change.userChanged()) {
      return change.user();
    }
    Snapshot current = sessions.get(change.id());
    return current == null ? null : current.user();
  }

  private ReentrantReadWriteLock userLock(String user) {
    return userLocks[(user.hashCode() & Integer.MAX_VALUE) % userLocks.length];
  }

  /**
   * {@inheritDoc} Holds the write side of the user's lock, so no rotation of the user's sessions is
   * half done while it lists and drops them.
   */
  @Override
  public List<String> revokeSessionsOf(String user, String exceptId) {
    Lock lock = userLock(user).writeLock();
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

  /** Signals that a rotation saw another user than the one whose lock it holds. */
  private static final class UserChanged extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final UserChanged INSTANCE = new UserChanged();

    private UserChanged() {
      super("the session's user changed during the rotation", null, false, false);
    }
  }

  /**
   * {@inheritDoc} A session found expired is removed as an expiry (its event delivered, once), and
   * the call returns false.
   */
  @Override
  public boolean drop(String id) {
    if (id.isEmpty()) {
      return false;
    }
    Snapshot[] removed = new Snapshot[1];
    boolean[] expired = new boolean[1];
    sessions.computeIfPresent(
        id,
        (key, current) -> {
          if (current == CLAIMED) {
            return current;
          }
          refile(key, current, null);
          size.decrementAndGet();
          removed[0] = current;
          expired[0] = current.isExpiredAt(clock.millis());
          return null;
        });
    Snapshot snapshot = removed[0];
    if (snapshot != null && expired[0]) {
      notifyExpired(snapshot);
      return false;
    }
    return snapshot != null;
  }

  @Override
  public List<Snapshot> sessionsOf(String user) {
    List<Snapshot> live = new ArrayList<>();
    for (String id : users.idsOf(user)) {
      Snapshot snapshot = load(id);
      if (snapshot != null && user.equals(snapshot.user())) {
        live.add(snapshot);
      }
    }
    return live;
  }

  @Override
  public void addExpiryListener(Consumer<? super Snapshot> listener) {
    expiryListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes every session whose deadline has passed by the store's clock, delivering their expiry
   * events, and returns how many it removed. The background sweeper calls this every interval;
   * tests with a fake clock call it directly.
   */
  public int sweep() {
    long now = clock.millis();
    int[] removed = new int[1];
    Consumer<String> visitor =
        id -> {
          if (expireIfDue(id, now)) {
            removed[0]++;
          }
        };
    anonymous.sweep(now, visitor);
    authenticated.sweep(now, visitor);
    return removed[0];
  }

  /**
   * Removes the session under {@code id} if it is expired at {@code now}, deciding under the key's
   * lock: a commit still inside its {@code compute} has filed the ID but not yet published the
   * session, and a lock-free read would miss it and let the sweep drop its index entry for good
   * (jcstress found that leak).
   */
  private boolean expireIfDue(String id, long now) {
    Snapshot[] removed = new Snapshot[1];
    sessions.computeIfPresent(
        id,
        (key, current) -> {
          if (current == CLAIMED || !current.isExpiredAt(now)) {
            return current;
          }
          refile(key, current, null);
          size.decrementAndGet();
          removed[0] = current;
          return null;
        });
    Snapshot expired = removed[0];
    if (expired == null) {
      return false;
    }
    notifyExpired(expired);
    return true;
  }

  /** The number of sessions held, expired ones not yet swept included. */
  public int size() {
    return size.get();
  }

  /** The maximum number of sessions. */
  public int maximumSize() {
    return maximumSize;
  }

  /** How many anonymous sessions were evicted to make room. */
  public long evictionCount() {
    return evictions.get();
  }

  /** The sweep interval this store was built with. */
  public Duration sweepInterval() {
    return sweepInterval;
  }

  /** Stops the background sweeper and waits up to 5 s for a running sweep to finish. Idempotent. */
  @Override
  public void close() {
    if (sweeper == null) {
      return;
    }
    sweeper.shutdownNow();
    try {
      if (!sweeper.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "memory store sweeper did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the background sweeper has been stopped (false if there never was one). */
  boolean isSweeperStopped() {
    return sweeper != null && sweeper.isTerminated();
  }

  /** Number of IDs filed in the deadline indexes; equals {@link #size()} at rest. For tests. */
  long indexedCount() {
    return anonymous.size() + authenticated.size();
  }

  /** Number of users in the user index. For tests. */
  int indexedUserCount() {
    return users.userCount();
  }

  /**
   * Moves {@code id} in the deadline and user indexes from what {@code before} filed to what {@code
   * after} needs (either may be null). Runs inside the per-key compute of {@code id}.
   */
  private void refile(String id, @Nullable Snapshot before, @Nullable Snapshot after) {
    if (before != null && after != null && (before.user() == null) == (after.user() == null)) {
      indexOf(before).move(id, before.expiresAtMillis(), after.expiresAtMillis());
    } else {
      if (before != null) {
        indexOf(before).remove(id, before.expiresAtMillis());
      }
      if (after != null) {
        indexOf(after).add(id, after.expiresAtMillis());
      }
    }
    String oldUser = before == null ? null : before.user();
    String newUser = after == null ? null : after.user();
    if (oldUser != null && !oldUser.equals(newUser)) {
      users.remove(oldUser, id);
    }
    if (newUser != null && !newUser.equals(oldUser)) {
      users.add(newUser, id);
    }
  }

  private DeadlineIndex indexOf(Snapshot snapshot) {
    return snapshot.user() == null ? anonymous : authenticated;
  }

  private boolean removeIfSame(String id, Snapshot expected) {
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
          refile(key, current, null);
          size.decrementAndGet();
          removed[0] = true;
          return null;
        });
    return removed[0];
  }

  private boolean expire(String id, Snapshot expired) {
    boolean removed = removeIfSame(id, expired);
    if (removed) {
      notifyExpired(expired);
    }
    return removed;
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

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      // An exception would cancel the periodic task: log it and keep sweeping.
      LOG.log(Level.ERROR, "memory store sweep failed; retrying next interval", e);
    }
  }

  /** Builds a {@link MemoryStore}. Not thread-safe. */
  public static final class Builder {
    private InstantSource clock = InstantSource.system();
    private Duration sweepInterval = Duration.ofSeconds(1);
    private int maximumSize = 1_000_000;
    private boolean backgroundSweeper = true;

    private Builder() {}

    /** Sets the clock; tests pass a fake one. Default: the system clock. */
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
     */
    public Builder backgroundSweeper(boolean enabled) {
      this.backgroundSweeper = enabled;
      return this;
    }

    /** Returns a new store; starts its sweeper thread if enabled. */
    public MemoryStore build() {
      return new MemoryStore(this);
    }
  }
}
