package dev.sojourn;

import dev.sojourn.store.Snapshot;

/**
 * Hears about session lifecycle events, each once per occurrence. Register with {@link
 * SessionManager.Builder#listener}. All methods default to doing nothing.
 *
 * <p>A listener that throws is logged and skipped: it never stops the operation that caused the
 * event, nor the other listeners (Jetty's CVE-2021-34428 is what happens otherwise). Listeners run
 * on the thread that caused the event (expiry: the store's sweeper) and must be thread-safe.
 *
 * <p>Session IDs are credentials: do not log them.
 */
public interface SessionListener {
  /**
   * A new session was stored for the first time.
   *
   * @param id the new session's ID
   */
  default void created(String id) {}

  /**
   * A session's ID was rotated (login or {@link Session#rotate}); {@code oldId} is dead.
   *
   * @param oldId the ID the session was stored under, no longer valid
   * @param newId the ID it is stored under now
   */
  default void rotated(String oldId, String newId) {}

  /**
   * A session was ended on purpose: invalidated, logged out, destroyed or revoked.
   *
   * @param id the ended session's ID
   */
  default void destroyed(String id) {}

  /**
   * A session passed its deadline and the store removed it. Called only for stores that report
   * expiry ({@link dev.sojourn.store.ExpiryEvents}).
   *
   * @param last the last snapshot the store held
   */
  default void expired(Snapshot last) {}
}
