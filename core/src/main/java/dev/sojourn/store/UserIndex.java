package dev.sojourn.store;

import java.util.List;

/**
 * Optional capability of a {@link SessionStore}: it knows which sessions belong to which user, so
 * that an application can list a user's sessions and revoke them (sign out everywhere, sign out
 * other devices).
 *
 * <p>Contract: the index is kept in step with every commit that sets or clears the user, with
 * rotation, drop and expiry, atomically with them where the store can; a store that cannot (Redis
 * Cluster, where a session and its user's index may live on different nodes) may list an ended
 * session's ID until the next read prunes it, but never leaves a live session out for longer than
 * one commit. It holds nothing for a user whose sessions have all ended (no leak). {@link
 * #sessionsOf} costs O(sessions of that user), never a scan of all sessions.
 */
public interface UserIndex {
  /**
   * Returns the live sessions whose user is {@code user}, in no particular order; empty if there
   * are none. Never includes a session at or past its deadline.
   *
   * @throws StoreException if the store cannot answer
   */
  List<Snapshot> sessionsOf(String user);
}
