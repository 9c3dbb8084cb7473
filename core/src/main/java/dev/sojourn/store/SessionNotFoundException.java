package dev.sojourn.store;

/**
 * Thrown when an operation needs a live session and there is none under the ID: it was never
 * issued, or it was dropped, expired or rotated away. The seed's {@code ErrSessionNotFound}.
 *
 * <p>For a {@link SessionStore#commit commit} this is how "never resurrect" shows: the change was
 * not applied, and nothing was stored.
 */
public final class SessionNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for an operation on a session that does not exist. The ID itself is not in
   * the message: messages end up in logs, and a session ID is a credential.
   *
   * @param operation what was attempted (say {@code "commit"}); the message starts with it
   */
  public SessionNotFoundException(String operation) {
    super(
        operation + ": no live session under this ID (never issued, dropped, expired or rotated)");
  }
}
