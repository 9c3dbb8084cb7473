package dev.sojourn.store;

/**
 * Thrown when a store cannot answer: it is down, it timed out, or it returned something it must
 * not. Sojourn fails closed on it (the servlet filter answers 503); it never falls back to another
 * store.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what the store could not do.
   *
   * @param message what the store could not do, and why; never a session ID
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the exception that caused it.
   *
   * @param message what the store could not do, and why; never a session ID
   * @param cause the client's or server's own error
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
