package dev.sojourn.store.memory;

import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Session IDs grouped into buckets by deadline, so that a sweep visits only sessions whose deadline
 * has passed (plus the few in the bucket that holds "now"), never all of them.
 *
 * <p>A bucket covers {@code width} milliseconds of deadlines: bucket {@code t} holds deadlines in
 * {@code ((t - 1) * width, t * width]}. Moving a session between buckets is two {@link IdSet}
 * operations, O(1), and allocates nothing (the sets hold IDs in arrays, no node per session);
 * finding the due buckets is a head view of a skip list keyed by bucket number, whose size is
 * bounded by the longest TTL divided by the width, not by the number of sessions.
 *
 * <p>Callers serialise the moves of one ID (the store does them inside its map's per-key {@code
 * compute}); moves of different IDs and sweeps run concurrently. A bucket that a sweep has fully
 * drained is closed; a concurrent {@link #add} that lands in a closed bucket retries in a fresh
 * one, so no ID is ever lost from the index (a lost ID would never be swept: a memory leak).
 */
final class DeadlineIndex {
  private final long width;
  private final ConcurrentSkipListMap<Long, Bucket> buckets = new ConcurrentSkipListMap<>();

  /**
   * The bucket the last add filed into. Most commits in one quarter-second share a deadline bucket,
   * so this spares them the skip-list lookup (and its boxed key). A closed bucket is never used.
   */
  private volatile @Nullable Bucket recent;

  DeadlineIndex(long widthMillis) {
    if (widthMillis < 1) {
      throw new IllegalArgumentException("bucket width must be at least 1 ms, was " + widthMillis);
    }
    this.width = widthMillis;
  }

  /** Files {@code id} under {@code deadline}. */
  void add(String id, long deadline) {
    long tick = tick(deadline);
    while (true) {
      Bucket bucket = recent;
      if (bucket == null || bucket.tick != tick || bucket.closed) {
        bucket = buckets.computeIfAbsent(tick, Bucket::new);
        recent = bucket;
      }
      bucket.ids.add(id);
      if (!bucket.closed) {
        return;
      }
      // The sweep drained this bucket before our add became visible to it: replace the bucket.
      bucket.ids.remove(id);
      buckets.remove(tick, bucket);
    }
  }

  /** Removes {@code id} from where {@code deadline} filed it. */
  void remove(String id, long deadline) {
    long tick = tick(deadline);
    Bucket bucket = recent;
    if (bucket == null || bucket.tick != tick || bucket.closed) {
      bucket = buckets.get(tick);
    }
    if (bucket != null) {
      bucket.ids.remove(id);
    }
  }

  /** Moves {@code id} from one deadline to another; no work if both share a bucket. */
  void move(String id, long oldDeadline, long newDeadline) {
    if (tick(oldDeadline) != tick(newDeadline)) {
      remove(id, oldDeadline);
      add(id, newDeadline);
    }
  }

  /**
   * Hands every ID filed at a deadline at or before {@code now} to {@code visitor}, with a few more
   * from the bucket that holds {@code now} (the visitor checks each one's real deadline). Drained
   * buckets are closed and dropped.
   */
  void sweep(long now, Consumer<String> visitor) {
    long nowTick = tick(now);
    ConcurrentNavigableMap<Long, Bucket> due = buckets.headMap(nowTick, true);
    for (Map.Entry<Long, Bucket> entry : due.entrySet()) {
      Bucket bucket = entry.getValue();
      boolean whollyDue = entry.getKey() <= Math.floorDiv(now, width);
      if (whollyDue) {
        bucket.closed = true;
      }
      // A copy: the visitor takes the map's per-key locks, which commits hold while they file into
      // this bucket, so it must not run under the set's own locks.
      for (String id : bucket.ids.members()) {
        visitor.accept(id);
      }
      if (whollyDue) {
        buckets.remove(entry.getKey(), bucket);
      }
    }
  }

  /**
   * Returns the IDs of every non-empty bucket, earliest deadlines first, each bucket copied when
   * the iteration reaches it (weakly consistent): the candidates for the deadline closest to now,
   * bucket by bucket.
   */
  Iterable<String[]> idsByDeadline() {
    return () ->
        buckets.values().stream()
            .map(bucket -> bucket.ids.members())
            .filter(ids -> ids.length > 0)
            .iterator();
  }

  /** The number of buckets, for tests and diagnostics. */
  int bucketCount() {
    return buckets.size();
  }

  /** The number of filed IDs, counted; for tests. */
  long size() {
    long n = 0;
    for (Bucket bucket : buckets.values()) {
      n += bucket.ids.size();
    }
    return n;
  }

  /** The bucket of {@code deadline}: its ceiling division by the width, without overflow. */
  private long tick(long deadline) {
    return Math.floorDiv(deadline, width) + (Math.floorMod(deadline, width) == 0 ? 0 : 1);
  }

  private static final class Bucket {
    final long tick;
    final IdSet ids = new IdSet();
    volatile boolean closed;

    Bucket(long tick) {
      this.tick = tick;
    }
  }
}
