package dev.sojourn.store.memory;

import dev.sojourn.store.ExpiryEvents;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The in-process {@link SessionStore}: a concurrent map of immutable {@link Snapshot}s, a lazy
 * deadline check on every load, and a sweeper on one daemon thread that removes expired sessions.
 *
 * <p><b>Expiry window.</b> A load never serves a session at or after its deadline. The sweeper runs
 * every {@code sweepInterval} and removes every session whose deadline has passed, so a session is
 * gone, and its expiry event delivered, by {@code deadline + sweepInterval} plus the time one sweep
 * takes. A sweep visits only sessions whose deadline has passed (and those in the current
 * quarter-interval), never all of them: see {@link DeadlineIndex}.
 *
 * <p><b>Atomicity.</b> Every change to one session runs inside the map's per-key {@code compute},
 * so commits, drops, lazy expiry and sweeps of one session are serialised while different sessions
 * proceed in parallel. A load reads the map without locking and allocates nothing.
 *
 * <p><b>Events.</b> Each expired session is reported once to the {@linkplain #addExpiryListener
 * expiry listeners}, by whichever of the sweeper or a load removed it. A listener that throws is
 * logged; the removal stands and the other listeners still run.
 *
 * <p>Thread-safe. {@link #close()} stops the sweeper; loads still never serve an expired session.
 */
public final class MemoryStore implements SessionStore, ExpiryEvents {
  private static final System.Logger LOG = System.getLogger(MemoryStore.class.getName());

  private final InstantSource clock;
  private final Duration sweepInterval;
  private final ConcurrentHashMap<String, Snapshot> sessions = new ConcurrentHashMap<>();
  private final DeadlineIndex deadlines;
  private final List<Consumer<? super Snapshot>> expiryListeners = new CopyOnWriteArrayList<>();
  private final @Nullable ScheduledExecutorService sweeper;

  private MemoryStore(Builder b) {
    this.clock = b.clock;
    this.sweepInterval = b.sweepInterval;
    this.deadlines = new DeadlineIndex(Math.max(1, sweepInterval.toMillis() / 4));
    if (b.backgroundSweeper) {
      ScheduledExecutorService executor =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "sojourn-memory-sweeper");
                thread.setDaemon(true);
                return thread;
              });
      long period = sweepInterval.toMillis();
      executor.scheduleAtFixedRate(this::sweepQuietly, period, period, TimeUnit.MILLISECONDS);
      this.sweeper = executor;
    } else {
      this.sweeper = null;
    }
  }

  /** Returns a builder: system clock, 1 s sweep interval, background sweeper on. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@inheritDoc} Never allocates. */
  @Override
  public @Nullable Snapshot load(String id) {
    if (id.isEmpty()) {
      return null;
    }
    Snapshot snapshot = sessions.get(id);
    if (snapshot == null) {
      return null;
    }
    if (snapshot.isExpiredAt(clock.millis())) {
      expire(id, snapshot);
      return null;
    }
    return snapshot;
  }

  @Override
  public long commit(@Nullable SessionChange change) {
    SessionChange valid = SessionChange.requireValid(change);
    long now = clock.millis();
    String newId = valid.newId();
    if (newId == null) {
      Snapshot stored =
          sessions.compute(
              valid.id(),
              (id, current) -> {
                Snapshot next = valid.applyTo(current, now);
                if (current == null) {
                  deadlines.add(id, next.expiresAtMillis());
                } else {
                  deadlines.move(id, current.expiresAtMillis(), next.expiresAtMillis());
                }
                return next;
              });
      return Objects.requireNonNull(stored).version();
    }
    return rotate(valid, newId, now);
  }

  /**
   * Rotation touches two keys. The old ID goes first, atomically with the checks, so there is never
   * a moment when both IDs are live; the new ID, known to nobody else yet, is stored right after.
   */
  private long rotate(SessionChange change, String newId, long now) {
    Snapshot occupant = sessions.get(newId);
    if (occupant != null && !occupant.isExpiredAt(now)) {
      throw new IllegalStateException("a live session already exists under the new session id");
    }
    Snapshot[] rotated = new Snapshot[1];
    sessions.compute(
        change.id(),
        (id, current) -> {
          rotated[0] = change.applyTo(current, now);
          deadlines.remove(id, Objects.requireNonNull(current).expiresAtMillis());
          return null;
        });
    Snapshot next = Objects.requireNonNull(rotated[0]);
    sessions.compute(
        newId,
        (id, leftover) -> {
          if (leftover != null) {
            deadlines.remove(id, leftover.expiresAtMillis());
          }
          deadlines.add(id, next.expiresAtMillis());
          return next;
        });
    return next.version();
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
    long now = clock.millis();
    Snapshot[] removed = new Snapshot[1];
    sessions.computeIfPresent(
        id,
        (key, current) -> {
          deadlines.remove(key, current.expiresAtMillis());
          removed[0] = current;
          return null;
        });
    Snapshot snapshot = removed[0];
    if (snapshot != null && snapshot.isExpiredAt(now)) {
      notifyExpired(snapshot);
      return false;
    }
    return snapshot != null;
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
    deadlines.sweep(
        now,
        id -> {
          Snapshot snapshot = sessions.get(id);
          if (snapshot != null && snapshot.isExpiredAt(now) && expire(id, snapshot)) {
            removed[0]++;
          }
        });
    return removed[0];
  }

  /** The number of sessions held, expired ones not yet swept included. */
  public int size() {
    return sessions.size();
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

  /** Number of IDs filed in the deadline index; equals {@link #size()} at rest. For tests. */
  long indexedCount() {
    return deadlines.size();
  }

  private boolean expire(String id, Snapshot expired) {
    boolean[] removed = new boolean[1];
    sessions.computeIfPresent(
        id,
        (key, current) -> {
          if (current != expired) {
            return current;
          }
          deadlines.remove(key, current.expiresAtMillis());
          removed[0] = true;
          return null;
        });
    if (removed[0]) {
      notifyExpired(expired);
    }
    return removed[0];
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
    private boolean backgroundSweeper = true;

    private Builder() {}

    /** Sets the clock; tests pass a fake one. Default: the system clock. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how often the sweeper runs: the bound on how late past its deadline a session is
     * removed. Default 1 s.
     *
     * @throws IllegalArgumentException if shorter than 1 ms
     */
    public Builder sweepInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("sweepInterval must be at least 1 ms, was " + interval);
      }
      this.sweepInterval = interval;
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
