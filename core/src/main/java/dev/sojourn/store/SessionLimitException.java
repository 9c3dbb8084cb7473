package dev.sojourn.store;

/**
 * Thrown when a store that has a maximum size is full and cannot make room: it holds no anonymous
 * session to evict, and authenticated sessions are never evicted. Nothing was stored. The servlet
 * filter turns it into a 503.
 */
public final class SessionLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long maximumSize;

  /** Creates an exception for a store full at {@code maximumSize} sessions. */
  public SessionLimitException(long maximumSize) {
    super(
        "session store is full: "
            + maximumSize
            + " sessions, none of them anonymous to evict; the new session was not stored");
    this.maximumSize = maximumSize;
  }

  /** The store's configured maximum number of sessions. */
  public long maximumSize() {
    return maximumSize;
  }
}
