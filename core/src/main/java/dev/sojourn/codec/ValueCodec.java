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
  /** {@return the exact class this codec handles; subclasses are not matched} */
  Class<T> type();

  /**
   * {@return the stable name written with every value, for example {@code "shop.cart.v1"}; not
   * empty}
   */
  String name();

  /**
   * Returns the bytes of {@code value}.
   *
   * @param value the value, never null; of exactly {@link #type()}
   * @return the bytes, which {@link #decode} must turn back into an equal value; {@link
   *     AttributeCodec} copies them into the stored form at once
   */
  byte[] encode(T value);

  /**
   * Returns the value these bytes encode.
   *
   * @param bytes what {@link #encode} returned for the value, possibly in an older release of the
   *     application
   * @return the value, an instance of {@link #type()} ({@link AttributeCodec} refuses anything else
   *     with a {@link CodecException})
   * @throws CodecException or any runtime exception if the bytes are not a valid encoding; {@link
   *     AttributeCodec} wraps the latter in a {@link CodecException}
   */
  T decode(byte[] bytes);
}
