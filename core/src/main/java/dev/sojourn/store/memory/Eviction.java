package dev.sojourn.store.memory;

import dev.sojourn.store.Snapshot;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Makes room for a create in a full store: reclaims an expired session, else evicts the anonymous
 * session closest to its deadline. A signed-in session is never evicted.
 *
 * <p>A create that loses its victim to another create (which evicted or replaced it first) looks
 * again: losing a race is not "full" (the stress test saw up to 36 of 20,000 creates refused while
 * every stored session was anonymous). A create that finds only anonymous IDs whose sessions are
 * not visible yet, because their creates are still inside their {@code compute}, waits for those
 * under their keys' locks before it calls the store full. Each look examines the earliest deadline
 * bucket holding a visible anonymous session, not every session.
 *
 * <p>Thread-safe.
 */
final class Eviction {
  private final SessionTable table;
  private final Indexes indexes;
  private final Bound bound;
  private final AtomicLong evictions = new AtomicLong();

  Eviction(SessionTable table, Indexes indexes, Bound bound) {
    this.table = table;
    this.indexes = indexes;
    this.bound = bound;
  }

  /**
   * Makes room for one session: reclaims an expired session if the earliest deadline of either
   * index has passed, else evicts the anonymous session closest to its deadline. Returns false only
   * if the store holds no anonymous session at all (and is still full).
   */
  boolean evictOne(long now) {
    while (true) {
      Snapshot expired = closest(indexes.authenticated(), false);
      if (expired != null && expired.isExpiredAt(now) && table.expire(expired.id(), expired)) {
        return true;
      }
      Snapshot victim = closest(indexes.anonymous(), false);
      if (victim == null) {
        victim = closest(indexes.anonymous(), true);
        if (victim == null) {
          return bound.hasRoom();
        }
      }
      if (victim.isExpiredAt(now)) {
        if (table.expire(victim.id(), victim)) {
          return true;
        }
      } else if (table.removeIfSame(victim.id(), victim)) {
        evictions.incrementAndGet();
        return true;
      }
      if (bound.hasRoom()) {
        return true;
      }
    }
  }

  /** How many anonymous sessions were evicted to make room. */
  long count() {
    return evictions.get();
  }

  /**
   * The session with the earliest deadline in the earliest bucket of {@code index} that holds one
   * filed there, or null if none does. With {@code waitForCommits}, each ID is read under its key's
   * lock, so a session whose commit is still inside its {@code compute} (filed in the index, not
   * yet visible to a plain read) is seen once that commit finishes.
   */
  private @Nullable Snapshot closest(DeadlineIndex index, boolean waitForCommits) {
    for (String[] candidates : index.idsByDeadline()) {
      Snapshot best = null;
      for (String id : candidates) {
        Snapshot snapshot = waitForCommits ? table.storedLocked(id) : table.stored(id);
        if (snapshot != null
            && indexes.deadlinesOf(snapshot) == index
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
}
