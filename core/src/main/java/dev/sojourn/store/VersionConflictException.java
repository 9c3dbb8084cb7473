package dev.sojourn.store;

/**
 * Thrown by a compare-and-set {@link SessionStore#commit commit} whose expected version is not the
 * stored one: another request changed the session first. Nothing was applied. Retryable: load
 * again, re-apply the change, commit again (see {@code SessionManager.modify}).
 */
public final class VersionConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long expected;
  private final long actual;

  /** Creates an exception for a commit that expected {@code expected} and found {@code actual}. */
  public VersionConflictException(long expected, long actual) {
    super("version conflict: expected version " + expected + " but the stored one is " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  /** The version the commit expected. */
  public long expected() {
    return expected;
  }

  /** The version the store holds. */
  public long actual() {
    return actual;
  }
}
