package dev.sojourn.store;

/**
 * Optional capability of a {@link SessionStore}: counts it can give cheaply (without a scan), for
 * metrics. A store that cannot count its sessions (Redis: its keys share a database with others)
 * does not implement it.
 *
 * <p>Implementations must be thread-safe; the values may lag concurrent operations slightly.
 */
public interface StoreStatistics {
  /**
   * How many sessions the store holds now, including any past their deadline that the store has not
   * removed yet (at most one sweep interval's worth).
   *
   * @return the number of stored sessions, 0 or more
   */
  int size();

  /**
   * How many sessions the store has evicted to make room since it was built; 0 if it never does.
   *
   * @return the eviction count; the default, for stores that never evict, is 0
   */
  default long evictionCount() {
    return 0;
  }
}
