package dev.sojourn.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import dev.sojourn.store.ExpiryEvents;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionStore} on a Caffeine cache, the peer Sojourn's {@code MemoryStore} is measured
 * against: the same immutable {@link Snapshot}s and the same change semantics ({@link
 * SessionChange#applyTo}), with Caffeine doing the expiry.
 *
 * <p>Each entry expires at its own deadline (a variable {@link Expiry}); Caffeine's ticker is the
 * store's clock, so "expired" means exactly what the contract says (at or after the deadline), and
 * reads never serve an expired entry. {@link Scheduler#systemScheduler()} wakes Caffeine's
 * maintenance at the next deadline, so expired entries are removed without waiting for traffic;
 * each removal on expiry is reported once to the expiry listeners, on the thread that ran the
 * maintenance. Commits and drops run inside Caffeine's per-key {@code compute}.
 *
 * <p>Thread-safe. {@link #close()} discards every entry without expiry events.
 */
public final class CaffeineStore implements SessionStore, ExpiryEvents {
  private static final System.Logger LOG = System.getLogger(CaffeineStore.class.getName());
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final InstantSource clock;
  private final Cache<String, Snapshot> cache;
  private final ConcurrentMap<String, Snapshot> map;
  private final List<Consumer<? super Snapshot>> expiryListeners = new CopyOnWriteArrayList<>();

  /**
   * Creates an empty store on {@code clock}.
   *
   * @param scheduled whether Caffeine's system scheduler removes expired entries in the background
   *     (true in production and in benchmarks; tests on a fake clock pass false and call {@link
   *     #cleanUp()})
   */
  public CaffeineStore(InstantSource clock, boolean scheduled) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Caffeine<Object, Object> builder =
        Caffeine.newBuilder().ticker(() -> clock.millis() * NANOS_PER_MILLI);
    if (scheduled) {
      builder.scheduler(Scheduler.systemScheduler());
    }
    this.cache =
        builder
            .expireAfter(new DeadlineExpiry())
            .<String, Snapshot>evictionListener(this::onEviction)
            .build();
    this.map = cache.asMap();
  }

  @Override
  public @Nullable Snapshot load(String id) {
    if (id.isEmpty()) {
      return null;
    }
    return cache.getIfPresent(id);
  }

  @Override
  public long commit(@Nullable SessionChange change) {
    SessionChange valid = SessionChange.requireValid(change);
    long now = clock.millis();
    String newId = valid.newId();
    if (newId == null) {
      Snapshot stored = map.compute(valid.id(), (id, current) -> valid.applyTo(current, now));
      return Objects.requireNonNull(stored).version();
    }
    Snapshot occupant = map.get(newId);
    if (occupant != null && !occupant.isExpiredAt(now)) {
      throw new IllegalStateException("a live session already exists under the new session id");
    }
    Snapshot[] rotated = new Snapshot[1];
    map.compute(
        valid.id(),
        (id, current) -> {
          rotated[0] = valid.applyTo(current, now);
          return null;
        });
    Snapshot next = Objects.requireNonNull(rotated[0]);
    map.put(newId, next);
    return next.version();
  }

  /** {@inheritDoc} An expired session is left to Caffeine, which reports it as an expiry. */
  @Override
  public boolean drop(String id) {
    if (id.isEmpty()) {
      return false;
    }
    boolean[] removed = new boolean[1];
    // Caffeine hands compute an expired entry as absent, and removes it as EXPIRED itself.
    map.computeIfPresent(
        id,
        (key, current) -> {
          removed[0] = true;
          return null;
        });
    return removed[0];
  }

  @Override
  public void addExpiryListener(Consumer<? super Snapshot> listener) {
    expiryListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Runs Caffeine's pending maintenance now: removes expired entries, delivering their events. */
  public void cleanUp() {
    cache.cleanUp();
  }

  /** The number of entries held, expired ones not yet removed included. */
  public long size() {
    return cache.estimatedSize();
  }

  @Override
  public void close() {
    cache.invalidateAll();
  }

  private void onEviction(@Nullable String id, @Nullable Snapshot snapshot, RemovalCause cause) {
    if (cause != RemovalCause.EXPIRED || snapshot == null) {
      return;
    }
    for (Consumer<? super Snapshot> listener : expiryListeners) {
      try {
        listener.accept(snapshot);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "expiry listener failed; the session stays removed", e);
      }
    }
  }

  /** Each entry lives until its snapshot's deadline; reads do not extend it. */
  private static final class DeadlineExpiry implements Expiry<String, Snapshot> {
    @Override
    public long expireAfterCreate(String id, Snapshot snapshot, long currentTime) {
      return remaining(snapshot, currentTime);
    }

    @Override
    public long expireAfterUpdate(
        String id, Snapshot snapshot, long currentTime, long currentDuration) {
      return remaining(snapshot, currentTime);
    }

    @Override
    public long expireAfterRead(
        String id, Snapshot snapshot, long currentTime, long currentDuration) {
      return currentDuration;
    }

    private static long remaining(Snapshot snapshot, long currentTime) {
      return Math.max(0, snapshot.expiresAtMillis() * NANOS_PER_MILLI - currentTime);
    }
  }
}
