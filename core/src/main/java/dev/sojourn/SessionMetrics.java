package dev.sojourn;

/**
 * Observes what a {@link SessionManager} does, for metrics: counts of sessions created, rotated,
 * destroyed and expired, version conflicts, undecodable sessions, and how long each store call
 * took. Set one with {@link SessionManager.Builder#metrics}; {@code sojourn-micrometer}'s {@code
 * SojournMetrics} turns these calls into Micrometer meters. Every method defaults to doing nothing.
 *
 * <p>Unlike a {@link SessionListener}, an observer is told no session ID and no data: it counts and
 * times, nothing more, so that it can run on every request for the price of an increment. It must
 * be thread-safe and return quickly (it runs on the request's thread, and for expiry on the store's
 * sweeper); one that throws is logged and ignored, never failing the operation it observes.
 *
 * <p>Latency comes from {@link System#nanoTime()}, not from the manager's {@link
 * java.time.InstantSource}: a fake clock in a test moves deadlines, not the time a call takes.
 * Lateness of an expiry is measured with the manager's clock, since deadlines are on it.
 *
 * <p>Not observed here, because the manager does not see them: evictions and the number of stored
 * sessions (a store that knows them implements {@link dev.sojourn.store.StoreStatistics}), and
 * expiries of a store without {@link dev.sojourn.store.ExpiryEvents} (Redis lets keys expire on
 * their own). A manager without an observer measures nothing: no clock reads, no calls.
 */
public interface SessionMetrics {
  /** The observer that observes nothing, the default. */
  SessionMetrics NONE = new SessionMetrics() {};

  /** What a timed store call did. */
  enum StoreOperation {
    /** {@link dev.sojourn.store.SessionStore#load}. */
    LOAD,
    /** {@link dev.sojourn.store.SessionStore#commit}. */
    COMMIT,
    /** {@link dev.sojourn.store.SessionStore#drop}. */
    DROP
  }

  /** A new session was stored for the first time. */
  default void created() {}

  /** A session's ID was rotated (sign-in, change of user, or on demand). */
  default void rotated() {}

  /** A session was ended on purpose: invalidated, logged out, destroyed or revoked. */
  default void destroyed() {}

  /**
   * The store removed a session whose deadline had passed, {@code latenessMillis} after that
   * deadline (never negative).
   *
   * @param latenessMillis how long after its deadline the session was removed, in milliseconds
   */
  default void expired(long latenessMillis) {}

  /** A compare-and-set commit found that another request had changed the session first. */
  default void conflict() {}

  /** A stored session could not be decoded and was treated as absent. */
  default void undecodable() {}

  /**
   * A store call returned or threw after {@code nanos} nanoseconds. {@code failed} is true when it
   * threw {@link dev.sojourn.store.StoreException} (the store could not answer); an answer that is
   * an exception by contract (a version conflict, no such session, a full store) is not a failure.
   *
   * @param operation which store call it was
   * @param nanos how long it took, in nanoseconds
   * @param failed whether it threw {@link dev.sojourn.store.StoreException}
   */
  default void storeCall(StoreOperation operation, long nanos, boolean failed) {}
}
