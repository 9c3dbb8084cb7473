package dev.sojourn;

/**
 * What {@link SessionManager} does when a sign-in would give a user more sessions than {@link
 * SessionManager.Builder#maxSessionsPerUser} allows.
 */
public enum MaxSessionsPolicy {
  /**
   * The sign-in succeeds and the user's oldest sessions end, so that the newest ones remain:
   * "oldest" by sign-in time ({@link dev.sojourn.store.Snapshot#authenticatedAtMillis}), the
   * current session winning a tie. Ended sessions are reported to listeners as destroyed.
   *
   * <p>Spring Security's {@code ConcurrentSessionControlAuthenticationStrategy} ends the least
   * recently <em>used</em> session instead. We order by sign-in time because it does not change
   * while the user's requests run, so two sign-ins that enforce the cap at the same time agree on
   * which sessions are the oldest, and between them do not end more sessions than needed (but for
   * sign-ins within the same millisecond); an order by last use would move under their feet. It
   * also means what users expect of a device limit: signing in on a new device signs out the device
   * that signed in longest ago.
   */
  END_OLDEST,

  /**
   * The sign-in fails with {@link TooManySessionsException} while the user has the maximum number
   * of sessions already; they must sign out somewhere (or have a session expire) first. Spring
   * Security's {@code maxSessionsPreventsLogin(true)}.
   */
  REFUSE
}
