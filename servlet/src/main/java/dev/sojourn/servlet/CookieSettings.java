package dev.sojourn.servlet;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the session cookie is written. Immutable; the {@linkplain #defaults() defaults} are the
 * secure ones: name {@code __Host-sojourn}, {@code Secure}, {@code HttpOnly}, {@code SameSite=Lax},
 * {@code Path=/}, no {@code Domain}, no {@code Max-Age} (the cookie ends with the browser; the
 * session's own timeouts decide how long the ID is good for).
 *
 * <p>{@link #builder()} and {@link #toBuilder()} derive other settings; {@link Builder#build()}
 * refuses combinations that browsers reject or that weaken the cookie without saying so, with a
 * message that names the problem: a {@code __Host-} name needs {@code Secure}, {@code Path=/} and
 * no domain; a {@code __Secure-} name and {@code SameSite=None} need {@code Secure}.
 *
 * <p>For plain-http development outside {@code localhost} use a name without a prefix and {@code
 * secure(false)}; never in production.
 */
public final class CookieSettings {
  /** The {@code SameSite} attribute. */
  public enum SameSite {
    /** Sent only on same-site requests. */
    STRICT("Strict"),
    /** Sent on same-site requests and on top-level cross-site navigations with a safe method. */
    LAX("Lax"),
    /** Sent on every request; requires {@code Secure}. */
    NONE("None");

    private final String attribute;

    SameSite(String attribute) {
      this.attribute = attribute;
    }

    /** The attribute's value as written in {@code Set-Cookie}. */
    public String attribute() {
      return attribute;
    }
  }

  /** The default cookie name. */
  public static final String DEFAULT_NAME = "__Host-sojourn";

  private static final CookieSettings DEFAULTS = builder().build();

  private final String name;
  private final boolean secure;
  private final boolean httpOnly;
  private final SameSite sameSite;
  private final String path;
  private final @Nullable String domain;
  private final @Nullable Duration maxAge;

  private CookieSettings(Builder b) {
    this.name = b.name;
    this.secure = b.secure;
    this.httpOnly = b.httpOnly;
    this.sameSite = b.sameSite;
    this.path = b.path;
    this.domain = b.domain;
    this.maxAge = b.maxAge;
  }

  /** Returns the secure defaults described above. */
  public static CookieSettings defaults() {
    return DEFAULTS;
  }

  /** Returns a builder that starts from the secure defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.secure = secure;
    b.httpOnly = httpOnly;
    b.sameSite = sameSite;
    b.path = path;
    b.domain = domain;
    b.maxAge = maxAge;
    return b;
  }

  /** The cookie name. */
  public String name() {
    return name;
  }

  /** Whether the cookie carries {@code Secure}. */
  public boolean secure() {
    return secure;
  }

  /** Whether the cookie carries {@code HttpOnly}. */
  public boolean httpOnly() {
    return httpOnly;
  }

  /** The {@code SameSite} attribute. */
  public SameSite sameSite() {
    return sameSite;
  }

  /** The {@code Path} attribute. */
  public String path() {
    return path;
  }

  /** The {@code Domain} attribute, or null for none (host-only). */
  public @Nullable String domain() {
    return domain;
  }

  /** The {@code Max-Age} attribute, or null for a cookie that ends with the browser session. */
  public @Nullable Duration maxAge() {
    return maxAge;
  }

  /** The {@code Set-Cookie} header value that hands out {@code id}. */
  String setCookie(String id) {
    StringBuilder header = new StringBuilder(128).append(name).append('=').append(id);
    if (maxAge != null) {
      header.append("; Max-Age=").append(maxAge.toSeconds());
    }
    return attributes(header);
  }

  /** The {@code Set-Cookie} header value that tells the browser to delete the cookie. */
  String clearCookie() {
    return attributes(new StringBuilder(96).append(name).append("=; Max-Age=0"));
  }

  private String attributes(StringBuilder header) {
    header.append("; Path=").append(path);
    if (domain != null) {
      header.append("; Domain=").append(domain);
    }
    if (secure) {
      header.append("; Secure");
    }
    if (httpOnly) {
      header.append("; HttpOnly");
    }
    return header.append("; SameSite=").append(sameSite.attribute()).toString();
  }

  @Override
  public String toString() {
    return setCookie("<id>");
  }

  /**
   * Builds {@link CookieSettings}. Setters reject malformed values at once ({@link
   * IllegalArgumentException} naming the option); {@link #build()} checks the combination. Not
   * thread-safe.
   */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private boolean secure = true;
    private boolean httpOnly = true;
    private SameSite sameSite = SameSite.LAX;
    private String path = "/";
    private @Nullable String domain;
    private @Nullable Duration maxAge;

    private Builder() {}

    /**
     * The cookie name: an RFC 6265 token (letters, digits and {@code !#$%&'*+-.^_`|~}).
     *
     * @throws IllegalArgumentException if it is empty or holds other characters
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
        throw new IllegalArgumentException(
            "cookie name must be a non-empty RFC 6265 token, was '" + name + "'");
      }
      this.name = name;
      return this;
    }

    /** Whether to send {@code Secure}. Default true. */
    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    /** Whether to send {@code HttpOnly}. Default true. */
    public Builder httpOnly(boolean httpOnly) {
      this.httpOnly = httpOnly;
      return this;
    }

    /** The {@code SameSite} attribute. Default {@link SameSite#LAX}. */
    public Builder sameSite(SameSite sameSite) {
      this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
      return this;
    }

    /**
     * The {@code Path} attribute. Default {@code /}.
     *
     * @throws IllegalArgumentException if it does not start with {@code /} or holds {@code ;} or a
     *     control character
     */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/") || !isAttributeValue(path)) {
        throw new IllegalArgumentException(
            "cookie path must start with '/' and hold no ';' or control character, was '"
                + path
                + "'");
      }
      this.path = path;
      return this;
    }

    /**
     * The {@code Domain} attribute, or null for a host-only cookie (the default, and the safer
     * choice: subdomains do not receive it).
     *
     * @throws IllegalArgumentException if it is empty or holds {@code ;}, a space or a control
     *     character
     */
    public Builder domain(@Nullable String domain) {
      if (domain != null
          && (domain.isEmpty() || !isAttributeValue(domain) || domain.contains(" "))) {
        throw new IllegalArgumentException(
            "cookie domain must be a host name without ';', spaces or control characters, was '"
                + domain
                + "'");
      }
      this.domain = domain == null ? null : domain.toLowerCase(Locale.ROOT);
      return this;
    }

    /**
     * The {@code Max-Age} attribute, or null (the default) for a cookie that ends with the browser
     * session.
     *
     * @throws IllegalArgumentException if it is shorter than one second
     */
    public Builder maxAge(@Nullable Duration maxAge) {
      if (maxAge != null && maxAge.toSeconds() < 1) {
        throw new IllegalArgumentException("cookie maxAge must be at least 1 s, was " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    /**
     * Returns the settings.
     *
     * @throws IllegalStateException if the combination is one browsers reject: a {@code __Host-}
     *     name without {@code Secure}, with a path other than {@code /} or with a domain; a {@code
     *     __Secure-} name or {@code SameSite=None} without {@code Secure}
     */
    public CookieSettings build() {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("__host-")) {
        if (!secure || !path.equals("/") || domain != null) {
          throw new IllegalStateException(
              "a cookie named '"
                  + name
                  + "' (__Host- prefix) needs Secure, Path=/ and no Domain; was secure="
                  + secure
                  + ", path="
                  + path
                  + ", domain="
                  + domain);
        }
      } else if (lower.startsWith("__secure-") && !secure) {
        throw new IllegalStateException(
            "a cookie named '" + name + "' (__Secure- prefix) needs Secure");
      }
      if (sameSite == SameSite.NONE && !secure) {
        throw new IllegalStateException("SameSite=None needs Secure: browsers drop the cookie");
      }
      return new CookieSettings(this);
    }

    private static boolean isTokenChar(int c) {
      return (c >= '0' && c <= '9')
          || (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isAttributeValue(String value) {
      return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != ';');
    }
  }
}
