package dev.sojourn.store;

import java.util.ArrayList;
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
 * one commit. It holds nothing for a user whose sessions have all ended, at the latest once their
 * deadlines have passed (no leak; a store that cannot tell a dropped session from one still being
 * written, such as Redis Cluster, keeps its entry until then). {@link #sessionsOf} costs O(sessions
 * of that user), never a scan of all sessions.
 */
public interface UserIndex {
  /**
   * Returns the live sessions whose user is {@code user}, in no particular order; empty if there
   * are none. Never includes a session at or past its deadline.
   *
   * @param user the user's name, as {@code Session.login} stored it
   * @return the live sessions' snapshots
   * @throws StoreException if the store cannot answer
   */
  List<Snapshot> sessionsOf(String user);

  /**
   * Whether {@link #sessionsOf} can answer. A store that indexes users but keeps no session ID it
   * could hand back (the Redis and PostgreSQL stores built without an {@code idKey} keep only the
   * IDs' digests) returns false: its {@link #sessionsOf} throws {@link
   * UnsupportedOperationException}, and {@link #revokeSessionsOf} still works. Whatever needs the
   * IDs of a user's sessions (a per-user session cap, Spring Security's session registry) asks this
   * first, so that it can refuse when it is configured rather than at the first sign-in.
   *
   * @return true unless this index cannot list sessions; the default is true
   */
  default boolean listsSessions() {
    return true;
  }

  /**
   * Ends every live session of {@code user} except the one under {@code exceptId} (empty: none
   * spared), and returns the IDs it ended. "Sign out everywhere" and "sign out other devices".
   *
   * <p>A store must make this complete with respect to rotation: a session of the user that is
   * being rotated when this runs ends too, under whichever ID it lands. The default lists and drops
   * one by one, which is enough only for a store whose rotation is a single atomic step; a store
   * that rotates in two steps overrides it.
   *
   * @param user the user's name, as {@code Session.login} stored it
   * @param exceptId the ID of the session to keep (usually the caller's own), or empty to end all
   * @return the IDs of the sessions this call ended; sessions that ended otherwise meanwhile are
   *     not listed
   * @throws UnsupportedOperationException from the default, if this index is not also a {@link
   *     SessionStore}
   * @throws StoreException if the store cannot answer
   */
  default List<String> revokeSessionsOf(String user, String exceptId) {
    if (!(this instanceof SessionStore store)) {
      throw new UnsupportedOperationException(
          getClass().getName() + " is a UserIndex but not a SessionStore: it cannot drop sessions");
    }
    List<String> ended = new ArrayList<>();
    for (Snapshot snapshot : sessionsOf(user)) {
      if (!snapshot.id().equals(exceptId) && store.drop(snapshot.id())) {
        ended.add(snapshot.id());
      }
    }
    return ended;
  }
}
