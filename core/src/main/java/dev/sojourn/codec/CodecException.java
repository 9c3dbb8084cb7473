package dev.sojourn.codec;

/**
 * Thrown when a value cannot be encoded (its type is neither a default type nor registered) or when
 * bytes cannot be decoded (unknown format version, unknown tag, truncated or trailing data).
 */
public final class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that names the problem.
   *
   * @param message what could not be encoded or decoded, and why
   */
  public CodecException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the exception that caused it.
   *
   * @param message what could not be encoded or decoded, and why
   * @param cause the failure underneath, typically a registered {@link ValueCodec}'s
   */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
