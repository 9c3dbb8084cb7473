package dev.sojourn.codec;

/**
 * Encodes and decodes the values of one application type, for registration with {@link
 * AttributeCodec.Builder#register(ValueCodec)}.
 *
 * <p>The {@link #name()} is written into the stored bytes, so it must stay stable across releases
 * of the application; renaming the Java class must not change it. Implementations must be
 * thread-safe.
 *
 * @param <T> the type this codec handles
 */
public interface ValueCodec<T> {
  /** The exact class this codec handles; subclasses are not matched. */
  Class<T> type();

  /** The stable name written with every value, for example {@code "shop.cart.v1"}. */
  String name();

  /** Returns the bytes of {@code value}. */
  byte[] encode(T value);

  /**
   * Returns the value these bytes encode.
   *
   * @throws CodecException or any runtime exception if the bytes are not a valid encoding; {@link
   *     AttributeCodec} wraps the latter in a {@link CodecException}
   */
  T decode(byte[] bytes);
}
