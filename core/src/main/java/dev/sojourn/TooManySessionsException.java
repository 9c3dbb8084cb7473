package dev.sojourn;

/**
 * Thrown by {@link SessionManager#commit} (and its variants) when a session signs in a user who
 * already has the maximum number of sessions and the policy is {@link MaxSessionsPolicy#REFUSE}.
 * The sign-in was not kept; see {@link SessionManager.Builder#maxSessionsPerUser} for what the
 * store holds afterwards. The message names the limit, never the user (it is often an e-mail
 * address, and messages end up in logs); {@link #user()} gives it to code that needs it.
 */
public final class TooManySessionsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient String user;

  /** The configured maximum number of sessions per user. */
  private final int maximum;

  TooManySessionsException(String user, int maximum, String outcome) {
    super(
        "the user already has the maximum of "
            + maximum
            + " sessions (maxSessionsPerUser, policy REFUSE): "
            + outcome);
    this.user = user;
    this.maximum = maximum;
  }

  /** {@return the user who could not sign in; not serialized (a deserialized copy returns null)} */
  public String user() {
    return user;
  }

  /** {@return the configured maximum number of sessions per user} */
  public int maximum() {
    return maximum;
  }
}
