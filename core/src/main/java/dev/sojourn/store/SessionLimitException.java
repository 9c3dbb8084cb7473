package dev.sojourn.store;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a store that has a maximum size is full and cannot make room: it holds no anonymous
 * session to evict, and authenticated sessions are never evicted. Nothing was stored. The servlet
 * filter turns it into a 503.
 */
public final class SessionLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The store's maximum number of sessions, or -1 if its limit is not a count. */
  private final long maximumSize;

  /**
   * Creates an exception for a store full at {@code maximumSize} sessions.
   *
   * @param maximumSize the store's configured maximum number of sessions
   */
  public SessionLimitException(long maximumSize) {
    super(
        "session store is full: "
            + maximumSize
            + " sessions, none of them anonymous to evict; the new session was not stored");
    this.maximumSize = maximumSize;
  }

  /**
   * Creates an exception for a store full by another measure than a number of sessions (a Redis
   * server at its {@code maxmemory}, say); {@link #maximumSize()} is then -1.
   *
   * @param message what is full and what was not stored
   * @param cause the store's own error, or null
   */
  public SessionLimitException(String message, @Nullable Throwable cause) {
    super(message, cause);
    this.maximumSize = -1;
  }

  /**
   * {@return the store's configured maximum number of sessions, or -1 if its limit is not a count}
   */
  public long maximumSize() {
    return maximumSize;
  }
}
