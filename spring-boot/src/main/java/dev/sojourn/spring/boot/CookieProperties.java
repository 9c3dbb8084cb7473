package dev.sojourn.spring.boot;

import dev.sojourn.servlet.CookieSettings;
import java.util.Locale;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** Turns {@code sojourn.cookie.*} into {@link CookieSettings}, naming the property at fault. */
final class CookieProperties {
  private CookieProperties() {}

  static CookieSettings settings(SojournProperties.Cookie cookie) {
    CookieSettings.Builder builder = CookieSettings.builder();
    if (cookie.getName() != null) {
      builder.name(cookie.getName());
    }
    if (cookie.getSecure() != null) {
      builder.secure(cookie.getSecure());
    }
    if (cookie.getHttpOnly() != null) {
      builder.httpOnly(cookie.getHttpOnly());
    }
    if (cookie.getSameSite() != null) {
      builder.sameSite(sameSite(cookie.getSameSite()));
    }
    if (cookie.getPath() != null) {
      builder.path(cookie.getPath());
    }
    if (cookie.getDomain() != null) {
      builder.domain(cookie.getDomain());
    }
    if (cookie.getMaxAge() != null) {
      builder.maxAge(cookie.getMaxAge());
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InvalidConfigurationPropertyValueException(
          "sojourn.cookie", describe(cookie), e.getMessage());
    }
  }

  private static CookieSettings.SameSite sameSite(String value) {
    try {
      return CookieSettings.SameSite.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          "sojourn.cookie.same-site", value, "accepted values are: strict, lax, none");
    }
  }

  private static String describe(SojournProperties.Cookie c) {
    return "name="
        + c.getName()
        + ", secure="
        + c.getSecure()
        + ", path="
        + c.getPath()
        + ", domain="
        + c.getDomain()
        + ", same-site="
        + c.getSameSite();
  }
}
