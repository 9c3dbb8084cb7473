package dev.sojourn.store;

/**
 * Thrown by a compare-and-set {@link SessionStore#commit commit} whose expected version is not the
 * stored one: another request changed the session first. Nothing was applied. Retryable: load
 * again, re-apply the change, commit again (see {@code SessionManager.modify}).
 */
public final class VersionConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The version the commit expected. */
  private final long expected;

  /** The version the store holds. */
  private final long actual;

  /**
   * Creates an exception for a commit that expected {@code expected} and found {@code actual}.
   *
   * @param expected the version the commit expected
   * @param actual the version the store holds
   */
  public VersionConflictException(long expected, long actual) {
    super("version conflict: expected version " + expected + " but the stored one is " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  /** {@return the version the commit expected} */
  public long expected() {
    return expected;
  }

  /** {@return the version the store holds} */
  public long actual() {
    return actual;
  }
}
