package dev.sojourn.spring.boot;

import java.util.Base64;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Hands set {@code sojourn.*} properties to Sojourn's builders, turning a builder's refusal (its
 * {@link IllegalArgumentException}) into an {@link InvalidConfigurationPropertyValueException} that
 * names the property, so that startup fails with the property to fix and the builder's reason.
 */
final class BuilderProperties {
  private BuilderProperties() {}

  /**
   * Passes {@code value} to {@code setter}, unless it is null (unset: the builder's default stays).
   *
   * @throws InvalidConfigurationPropertyValueException naming {@code property} and showing the
   *     value, if the setter refuses it
   */
  static <T> void apply(String property, @Nullable T value, Consumer<? super T> setter) {
    if (value != null) {
      set(property, value, value, setter);
    }
  }

  /**
   * Decodes a base64 key property and passes the key to {@code setter}, unless it is null.
   *
   * @throws InvalidConfigurationPropertyValueException naming {@code property} and hiding the
   *     value, if it is not base64 or the setter refuses the key
   */
  static void applyKey(String property, @Nullable String base64, Consumer<byte[]> setter) {
    if (base64 != null) {
      set(property, key(property, base64), "(hidden)", setter);
    }
  }

  private static <T> void set(String property, T value, Object shown, Consumer<? super T> setter) {
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(property, shown, e.getMessage());
    }
  }

  private static byte[] key(String property, String base64) {
    try {
      return Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          property, "(hidden)", "must be the base64 of 32 random bytes: " + e.getMessage());
    }
  }
}
