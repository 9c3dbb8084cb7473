package dev.sojourn.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns attribute values into bytes and back, in a versioned, self-describing format.
 *
 * <p>The default types are {@link String}, {@link Integer}, {@link Long}, {@link Double}, {@link
 * Float}, {@link Boolean}, {@link BigInteger}, {@link BigDecimal}, {@code byte[]}, {@link Instant},
 * and {@link List}s and {@link Map}s of these (nested to a depth of {@value #MAX_DEPTH}; null
 * elements, keys and values are rejected). Other types are handled by a {@link ValueCodec}
 * registered with {@link #builder()}. Decoded lists and maps are unmodifiable; maps keep their
 * order.
 *
 * <p>Format: byte 0 is the format version ({@value #FORMAT_VERSION}); then one tagged value. A
 * registered type is written as its codec's name followed by its codec's bytes, so the stored bytes
 * never name a Java class and decoding never instantiates one by name: there is no Java native
 * serialization anywhere in this format.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AttributeCodec {
  /** The format version written as the first byte. */
  public static final int FORMAT_VERSION = 1;

  /** The deepest nesting of lists and maps that encode and decode accept. */
  public static final int MAX_DEPTH = 16;

  private static final int STRING = 'S';
  private static final int INT = 'I';
  private static final int LONG = 'J';
  private static final int DOUBLE = 'D';
  private static final int FLOAT = 'F';
  private static final int TRUE = 'T';
  private static final int FALSE = 'f';
  private static final int BYTES = 'B';
  private static final int INSTANT = 'i';
  private static final int BIG_INTEGER = 'N';
  private static final int BIG_DECIMAL = 'd';
  private static final int LIST = 'L';
  private static final int MAP = 'M';
  private static final int CUSTOM = 'C';

  private static final AttributeCodec DEFAULTS = new AttributeCodec(Map.of(), Map.of());

  private final Map<Class<?>, ValueCodec<?>> byType;
  private final Map<String, ValueCodec<?>> byName;

  private AttributeCodec(Map<Class<?>, ValueCodec<?>> byType, Map<String, ValueCodec<?>> byName) {
    this.byType = byType;
    this.byName = byName;
  }

  /** {@return the codec for the default types only; the same instance on every call} */
  public static AttributeCodec defaults() {
    return DEFAULTS;
  }

  /** {@return a new builder for a codec with registered types} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Tells whether {@link #encode} accepts values of exactly this class (lists and maps are checked
   * element by element only when encoded).
   *
   * @param type the value's class
   * @return true for a default type, any {@link List} or {@link Map} class, and a registered type;
   *     false for anything else, subclasses of a registered type included
   * @throws NullPointerException if {@code type} is null
   */
  public boolean supports(Class<?> type) {
    return byType.containsKey(type)
        || type == String.class
        || type == Integer.class
        || type == Long.class
        || type == Double.class
        || type == Float.class
        || type == Boolean.class
        || type == byte[].class
        || type == Instant.class
        || type == BigInteger.class
        || type == BigDecimal.class
        || List.class.isAssignableFrom(type)
        || Map.class.isAssignableFrom(type);
  }

  /**
   * Returns the stored form of {@code value}.
   *
   * @param value the value to store
   * @return the bytes, starting with {@link #FORMAT_VERSION}; a new array on every call
   * @throws CodecException if the value, or an element of it, is of a type that is neither a
   *     default type nor registered, if a list or map holds null, if a string holds an unpaired
   *     surrogate (it has no UTF-8 form; storing it as {@code ?} would change it), or if nesting is
   *     deeper than {@value #MAX_DEPTH}
   * @throws NullPointerException if {@code value} is null
   */
  public byte[] encode(Object value) {
    Objects.requireNonNull(value, "value");
    if (value instanceof String s) {
      return encodeString(s);
    }
    ByteWriter out = new ByteWriter();
    out.writeByte(FORMAT_VERSION);
    write(out, value, 0);
    return out.toByteArray();
  }

  /** The common case in one exactly sized array: version, tag, varint length, UTF-8. */
  private static byte[] encodeString(String s) {
    byte[] utf8 = ByteWriter.utf8(s);
    int length = utf8.length;
    int varintSize = 1;
    for (int rest = length >>> 7; rest != 0; rest >>>= 7) {
      varintSize++;
    }
    byte[] out = new byte[2 + varintSize + length];
    out[0] = FORMAT_VERSION;
    out[1] = STRING;
    int position = 2;
    int rest = length;
    while ((rest & ~0x7f) != 0) {
      out[position++] = (byte) ((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    out[position++] = (byte) rest;
    System.arraycopy(utf8, 0, out, position, length);
    return out;
  }

  /**
   * Returns the value these bytes encode.
   *
   * @param bytes the stored form, as {@link #encode} wrote it (not changed by this method)
   * @return the value; lists and maps unmodifiable
   * @throws NullPointerException if {@code bytes} is null
   * @throws CodecException if the bytes are empty, of another format version, truncated, carry
   *     trailing bytes, an unknown tag, a string that is not well-formed UTF-8 (refused, never
   *     replaced with U+FFFD), or a registered name this codec does not know
   */
  public Object decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new CodecException("empty value: expected a format version byte");
    }
    ByteReader in = new ByteReader(bytes);
    int version = in.readByte();
    if (version != FORMAT_VERSION) {
      throw new CodecException(
          "unsupported format version " + version + ", this codec reads " + FORMAT_VERSION);
    }
    Object value = read(in, 0);
    if (in.hasRemaining()) {
      throw new CodecException(
          "trailing bytes after the value: " + (bytes.length - in.position()) + " left");
    }
    return value;
  }

  private void write(ByteWriter out, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new CodecException("nesting deeper than " + MAX_DEPTH);
    }
    ValueCodec<?> registered = byType.get(value.getClass());
    if (registered != null) {
      out.writeByte(CUSTOM);
      out.writeString(registered.name());
      out.writeBytes(encodeWith(registered, value));
    } else if (value instanceof String s) {
      out.writeByte(STRING);
      out.writeString(s);
    } else if (value instanceof Integer i) {
      out.writeByte(INT);
      out.writeInt(i);
    } else if (value instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (value instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeLong(Double.doubleToRawLongBits(d));
    } else if (value instanceof Float f) {
      out.writeByte(FLOAT);
      out.writeInt(Float.floatToRawIntBits(f));
    } else if (value instanceof Boolean b) {
      out.writeByte(b ? TRUE : FALSE);
    } else if (value instanceof byte[] b) {
      out.writeByte(BYTES);
      out.writeBytes(b);
    } else if (value instanceof Instant t) {
      out.writeByte(INSTANT);
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    } else if (value instanceof BigInteger n) {
      out.writeByte(BIG_INTEGER);
      out.writeBytes(n.toByteArray());
    } else if (value instanceof BigDecimal n) {
      out.writeByte(BIG_DECIMAL);
      out.writeInt(n.scale());
      out.writeBytes(n.unscaledValue().toByteArray());
    } else if (value instanceof List<?> list) {
      out.writeByte(LIST);
      out.writeVarint(list.size());
      for (Object element : list) {
        if (element == null) {
          throw new CodecException("a list attribute must not hold null");
        }
        write(out, element, depth + 1);
      }
    } else if (value instanceof Map<?, ?> map) {
      out.writeByte(MAP);
      out.writeVarint(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          throw new CodecException("a map attribute must not hold a null key or value");
        }
        write(out, e.getKey(), depth + 1);
        write(out, e.getValue(), depth + 1);
      }
    } else {
      throw new CodecException(
          "no codec for "
              + value.getClass().getName()
              + ": register a ValueCodec with AttributeCodec.builder().register(...)");
    }
  }

  private Object read(ByteReader in, int depth) {
    if (depth > MAX_DEPTH) {
      throw new CodecException("nesting deeper than " + MAX_DEPTH);
    }
    int tag = in.readByte();
    switch (tag) {
      case STRING:
        return in.readString();
      case INT:
        return in.readInt();
      case LONG:
        return in.readLong();
      case DOUBLE:
        return Double.longBitsToDouble(in.readLong());
      case FLOAT:
        return Float.intBitsToFloat(in.readInt());
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      case BYTES:
        return in.readBytes();
      case INSTANT:
        return readInstant(in);
      case BIG_INTEGER:
        return new BigInteger(nonEmpty(in.readBytes(), "BigInteger"));
      case BIG_DECIMAL:
        int scale = in.readInt();
        return new BigDecimal(new BigInteger(nonEmpty(in.readBytes(), "BigDecimal")), scale);
      case LIST:
        int size = in.readCount();
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          list.add(read(in, depth + 1));
        }
        return Collections.unmodifiableList(list);
      case MAP:
        int entries = in.readCount();
        Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, entries * 2));
        for (int i = 0; i < entries; i++) {
          Object key = read(in, depth + 1);
          if (map.put(key, read(in, depth + 1)) != null) {
            throw new CodecException("duplicate map key " + key);
          }
        }
        return Collections.unmodifiableMap(map);
      case CUSTOM:
        String name = in.readString();
        ValueCodec<?> codec = byName.get(name);
        if (codec == null) {
          throw new CodecException("no codec registered under the name '" + name + "'");
        }
        return decodeWith(codec, in.readBytes());
      default:
        throw new CodecException("unknown tag " + tag + " at byte " + (in.position() - 1));
    }
  }

  private static Instant readInstant(ByteReader in) {
    long seconds = in.readLong();
    int nanos = in.readInt();
    try {
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (RuntimeException e) {
      throw new CodecException("instant out of range: " + seconds + "s " + nanos + "ns", e);
    }
  }

  private static byte[] nonEmpty(byte[] bytes, String what) {
    if (bytes.length == 0) {
      throw new CodecException(what + " with no bytes");
    }
    return bytes;
  }

  @SuppressWarnings("unchecked")
  private static <T> byte[] encodeWith(ValueCodec<T> codec, Object value) {
    return codec.encode((T) value);
  }

  private static Object decodeWith(ValueCodec<?> codec, byte[] bytes) {
    Object value;
    try {
      value = codec.decode(bytes);
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CodecException("codec '" + codec.name() + "' could not decode its bytes", e);
    }
    if (!codec.type().isInstance(value)) {
      throw new CodecException(
          "codec '" + codec.name() + "' returned a value that is not a " + codec.type().getName());
    }
    return value;
  }

  /** Registers codecs for application types. Not thread-safe; build once. */
  public static final class Builder {
    private final Map<Class<?>, ValueCodec<?>> byType = new HashMap<>();
    private final Map<String, ValueCodec<?>> byName = new HashMap<>();

    private Builder() {}

    /**
     * Registers a codec.
     *
     * @param codec the codec; its {@link ValueCodec#type()} and {@link ValueCodec#name()} are read
     *     once, here
     * @return this builder
     * @throws NullPointerException if {@code codec}, its type or its name is null
     * @throws IllegalArgumentException if the type is a default type, or if a codec is already
     *     registered for the same type or under the same name, or if the name is empty
     */
    public Builder register(ValueCodec<?> codec) {
      Objects.requireNonNull(codec, "codec");
      Class<?> type = Objects.requireNonNull(codec.type(), "codec.type()");
      String name = Objects.requireNonNull(codec.name(), "codec.name()");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("codec name must not be empty for " + type.getName());
      }
      if (DEFAULTS.supports(type)) {
        throw new IllegalArgumentException(type.getName() + " is a default type; it has a codec");
      }
      if (byType.containsKey(type)) {
        throw new IllegalArgumentException("a codec for " + type.getName() + " is registered");
      }
      if (byName.containsKey(name)) {
        throw new IllegalArgumentException("a codec named '" + name + "' is registered");
      }
      byType.put(type, codec);
      byName.put(name, codec);
      return this;
    }

    /** {@return a new immutable codec with the registered types; the builder stays usable} */
    public AttributeCodec build() {
      return new AttributeCodec(Map.copyOf(byType), Map.copyOf(byName));
    }
  }
}
