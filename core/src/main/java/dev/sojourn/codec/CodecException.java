package dev.sojourn.codec;

/**
 * Thrown when a value cannot be encoded (its type is neither a default type nor registered) or when
 * bytes cannot be decoded (unknown format version, unknown tag, truncated or trailing data).
 */
public final class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names the problem. */
  public CodecException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the exception that caused it. */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
