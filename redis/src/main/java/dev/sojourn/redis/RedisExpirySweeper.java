package dev.sojourn.redis;

import dev.sojourn.store.Snapshot;
import dev.sojourn.store.StoreException;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Expiry events for {@link RedisStore} without keyspace notifications (which managed services
 * block, with the {@code CONFIG} that turns them on): every commit files the session in a
 * deadline-ordered set ({@link DeadlineSets}) inside its own script, and this sweeper takes the due
 * entries and reports them.
 *
 * <p><b>Exactly once.</b> {@code sweep.lua} removes each due entry from its set in the same script
 * that reads and deletes the session, so of any number of sweepers (threads, nodes) racing on the
 * same entries each entry goes to exactly one; a drop, revoke or rotation removes the entry in its
 * own script, so an ended session is never reported as expired; a session whose deadline a commit
 * moved without moving its entry (a node with events off) is put back at its real deadline, not
 * reported. Reports happen after the session is deleted: a node that dies between the script and
 * the listeners loses those events (at most one batch); Redis never reports one twice.
 *
 * <p><b>The lease.</b> So that one node, not all, does the work, a sweep first takes or renews a
 * lease ({@code SET PX} with this sweeper's random token, {@code lease.lua}) that lives {@code 3 x
 * sweepInterval}; a node that finds another's lease skips the sweep. Correctness does not rest on
 * it: if two nodes sweep at once (a holder paused past its lease) each entry still goes to one.
 * {@link #close} gives the lease back, so the next node's next sweep takes over at once.
 *
 * <p><b>The bound.</b> The background thread sweeps every half {@code sweepInterval}; the lease
 * holder therefore reports a session by {@code deadline + sweepInterval/2 + one sweep's duration}:
 * within {@code deadline + sweepInterval} while sweeps take less than half an interval. If the
 * holder dies without closing, add the lease's remaining life, at most {@code 3 x sweepInterval}.
 *
 * <p><b>Listeners</b> run on the sweeping thread, one event at a time; one that throws is logged
 * and the others still run, the session stays removed, and the sweep goes on. Thread-safe.
 */
final class RedisExpirySweeper implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RedisStore.class.getName());

  /** Most entries one sweep script takes from one set (bounds how long the script blocks Redis). */
  static final int BATCH = 100;

  /** Most commands a sweep sends before it reads their replies (one round trip). */
  static final int PIPELINE = 512;

  /** Turns a deleted session's fields into the snapshot to report, or null (corrupt: logged). */
  interface Decoder {
    @Nullable Snapshot expired(String digest, Map<byte[], byte[]> hash);
  }

  private final RedisConnection redis;
  private final DeadlineSets sets;
  private final String prefix;
  private final InstantSource clock;
  private final Decoder decoder;
  private final long leaseMillis;
  private final byte[] token;
  private final List<Consumer<? super Snapshot>> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder lost = new LongAdder();
  private final @Nullable ScheduledExecutorService thread;

  RedisExpirySweeper(
      RedisConnection redis,
      DeadlineSets sets,
      String prefix,
      InstantSource clock,
      Decoder decoder,
      Duration sweepInterval,
      boolean background) {
    this.redis = redis;
    this.sets = sets;
    this.prefix = prefix;
    this.clock = clock;
    this.decoder = decoder;
    this.leaseMillis = leaseMillis(sweepInterval);
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    this.token = HexFormat.of().formatHex(random).getBytes(StandardCharsets.UTF_8);
    if (background) {
      ScheduledExecutorService executor =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread t = new Thread(runnable, "sojourn-redis-sweeper");
                t.setDaemon(true);
                return t;
              });
      long period = Math.max(1, saturatedMillis(sweepInterval) / 2);
      executor.scheduleAtFixedRate(this::sweepQuietly, period, period, TimeUnit.MILLISECONDS);
      this.thread = executor;
    } else {
      this.thread = null;
    }
  }

  /** How long a lease lives: three sweep intervals (saturated), at least 1 ms. */
  static long leaseMillis(Duration sweepInterval) {
    long interval = saturatedMillis(sweepInterval);
    return interval > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : Math.max(1, 3 * interval);
  }

  /**
   * The expiry grace with events on: {@code max(configured, 1 min, 10 x sweepInterval)}, so a
   * session's hash outlives its deadline long enough for a sweep to read its last snapshot first,
   * even across a lease handover and a few failed sweeps.
   */
  static Duration grace(Duration configured, Duration sweepInterval) {
    Duration tenIntervals =
        sweepInterval.compareTo(Duration.ofDays(365_000)) > 0
            ? Duration.ofDays(3_650_000)
            : sweepInterval.multipliedBy(10);
    Duration atLeast =
        configured.compareTo(Duration.ofMinutes(1)) > 0 ? configured : Duration.ofMinutes(1);
    return atLeast.compareTo(tenIntervals) > 0 ? atLeast : tenIntervals;
  }

  private static long saturatedMillis(Duration duration) {
    return duration.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0
        ? Long.MAX_VALUE
        : duration.toMillis();
  }

  void addListener(Consumer<? super Snapshot> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Expired sessions Redis reclaimed by TTL before any sweep took them: no snapshot, no event. */
  long lost() {
    return lost.sum();
  }

  /**
   * Takes (or renews) the lease and, if this sweeper holds it, reports every due session.
   *
   * @return how many expiry events were delivered (0 if another node holds the lease)
   * @throws StoreException if Redis cannot answer (entries taken before that were reported)
   */
  int sweep() {
    if (!lease("take")) {
      return 0;
    }
    return sweepIgnoringLease();
  }

  /** Whether this sweeper holds the lease (taking or renewing it if it is free). */
  boolean holdsLease() {
    return lease("take");
  }

  private boolean lease(String action) {
    List<Object> reply =
        redis.eval(
            Script.LEASE,
            new byte[][] {sets.lease()},
            new byte[][] {token, bytes(Long.toString(leaseMillis)), bytes(action)},
            "expiry sweep (lease)");
    return CommitScript.number(reply, 0) == 1;
  }

  /** Reports every due session, lease or not: what two sweepers racing would do. */
  int sweepIgnoringLease() {
    long now = clock.millis();
    byte[][] args = {bytes(Long.toString(now)), bytes(Integer.toString(BATCH)), bytes(prefix)};
    List<byte[]> all = sets.all();
    List<byte[]> due = all.size() == 1 ? all : due(all, now);
    int reported = 0;
    for (int from = 0; from < due.size(); from += PIPELINE) {
      List<byte[][]> keys = new ArrayList<>();
      for (byte[] set : due.subList(from, Math.min(due.size(), from + PIPELINE))) {
        keys.add(new byte[][] {set});
      }
      while (!keys.isEmpty()) {
        List<byte[][]> batch = keys;
        List<byte[][]> more = new ArrayList<>();
        int[] delivered = {0};
        // Each reply is delivered as it is read: entries a script took are reported even if
        // another call of the same pipeline fails.
        redis.evalEach(
            Script.SWEEP,
            batch,
            args,
            "expiry sweep",
            (reply, i) -> {
              delivered[0] += deliver(reply);
              if (CommitScript.number(reply, 0) == 1) {
                more.add(batch.get(i));
              }
            });
        reported += delivered[0];
        keys = more;
      }
    }
    return reported;
  }

  /**
   * The sets (of the 16,384 on Cluster) that hold a due entry: one cheap read each ({@code
   * ZRANGEBYSCORE .. LIMIT 0 1}), pipelined {@value #PIPELINE} at a time, so a sweep runs the
   * script only where there is something to take.
   */
  private List<byte[]> due(List<byte[]> all, long now) {
    Range<Long> passed = Range.from(Range.Boundary.unbounded(), Range.Boundary.including(now));
    List<byte[]> due = new ArrayList<>();
    for (int from = 0; from < all.size(); from += PIPELINE) {
      List<byte[]> chunk = all.subList(from, Math.min(all.size(), from + PIPELINE));
      List<RedisFuture<List<byte[]>>> probes = new ArrayList<>(chunk.size());
      for (byte[] set : chunk) {
        probes.add(redis.commands().zrangebyscore(set, passed, Limit.create(0, 1)));
      }
      redis.countRoundTrip();
      for (int i = 0; i < chunk.size(); i++) {
        if (!redis.reply(probes.get(i), "expiry sweep (find due sets)").isEmpty()) {
          due.add(chunk.get(i));
        }
      }
    }
    return due;
  }

  private int deliver(List<Object> reply) {
    int reported = 0;
    for (int i = 1; i + 1 < reply.size(); i += 2) {
      String digest = CommitScript.text(reply, i);
      List<?> fields = (List<?>) reply.get(i + 1);
      if (fields.isEmpty()) {
        lost.increment();
        LOG.log(
            Level.WARNING,
            "session {0}s:'{'{1}'}' expired and Redis reclaimed it before any sweep took it (no"
                + " node swept within its expiry grace): no expiry event",
            prefix,
            digest);
        continue;
      }
      Map<byte[], byte[]> hash = new IdentityHashMap<>();
      for (int f = 0; f + 1 < fields.size(); f += 2) {
        hash.put((byte[]) fields.get(f), (byte[]) fields.get(f + 1));
      }
      Snapshot last = decoder.expired(digest, hash);
      if (last != null) {
        notifyListeners(last);
        reported++;
      }
    }
    return reported;
  }

  private void notifyListeners(Snapshot expired) {
    for (Consumer<? super Snapshot> listener : listeners) {
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
      LOG.log(Level.ERROR, "redis expiry sweep failed; retrying next period", e);
    }
  }

  /** Stops the background thread (waiting up to 5 s) and gives the lease back. Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService executor = thread;
    if (executor != null && !executor.isShutdown()) {
      executor.shutdownNow();
      try {
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
          LOG.log(Level.WARNING, "redis expiry sweeper did not stop within 5 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      lease("give");
    } catch (StoreException e) {
      LOG.log(Level.DEBUG, "could not give the sweeper lease back; it lapses by itself", e);
    }
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
