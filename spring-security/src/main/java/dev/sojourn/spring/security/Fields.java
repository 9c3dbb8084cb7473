package dev.sojourn.spring.security;

import dev.sojourn.codec.CodecException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Typed reads of decoded maps; anything of the wrong shape is a {@link CodecException}. */
final class Fields {
  private Fields() {}

  static Map<?, ?> map(@Nullable Object value, String what) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new CodecException(what + " is not a map: " + describe(value));
  }

  static List<?> list(Map<?, ?> data, String key) {
    Object value = data.get(key);
    if (value instanceof List<?> list) {
      return list;
    }
    throw new CodecException(key + " is not a list: " + describe(value));
  }

  static String string(Map<?, ?> data, String key) {
    Object value = data.get(key);
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw new CodecException(key + " is not a non-empty string: " + describe(value));
  }

  static boolean bool(Map<?, ?> data, String key) {
    Object value = data.get(key);
    if (value instanceof Boolean b) {
      return b;
    }
    throw new CodecException(key + " is not a boolean: " + describe(value));
  }

  private static String describe(@Nullable Object value) {
    return value == null ? "absent" : value.getClass().getSimpleName();
  }
}
