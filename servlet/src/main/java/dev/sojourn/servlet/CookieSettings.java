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

    /** {@return the attribute's value as written in {@code Set-Cookie}, e.g. {@code Lax}} */
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

  /** {@return the secure defaults described above; the same instance on every call} */
  public static CookieSettings defaults() {
    return DEFAULTS;
  }

  /** {@return a new builder that starts from the secure defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a new builder that starts from these settings; these settings stay unchanged} */
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

  /** {@return the cookie name} */
  public String name() {
    return name;
  }

  /** {@return whether the cookie carries {@code Secure}} */
  public boolean secure() {
    return secure;
  }

  /** {@return whether the cookie carries {@code HttpOnly}} */
  public boolean httpOnly() {
    return httpOnly;
  }

  /** {@return the {@code SameSite} attribute} */
  public SameSite sameSite() {
    return sameSite;
  }

  /** {@return the {@code Path} attribute; starts with {@code /}} */
  public String path() {
    return path;
  }

  /** {@return the {@code Domain} attribute, or null for none (a host-only cookie)} */
  public @Nullable String domain() {
    return domain;
  }

  /**
   * {@return the {@code Max-Age} attribute (at least one second), or null for a cookie that ends
   * with the browser session}
   */
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
     * @param name the name, checked at once; a {@code __Host-} or {@code __Secure-} prefix adds the
     *     conditions {@link #build()} checks
     * @return this builder
     * @throws NullPointerException if {@code name} is null
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

    /**
     * Whether to send {@code Secure}. Default true.
     *
     * @param secure false only for plain-http development; {@link #build()} rejects false with a
     *     prefixed name or {@code SameSite=None}
     * @return this builder
     */
    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    /**
     * Whether to send {@code HttpOnly}. Default true.
     *
     * @param httpOnly false lets page scripts read the session ID
     * @return this builder
     */
    public Builder httpOnly(boolean httpOnly) {
      this.httpOnly = httpOnly;
      return this;
    }

    /**
     * The {@code SameSite} attribute. Default {@link SameSite#LAX}.
     *
     * @param sameSite the attribute; {@link SameSite#NONE} needs {@code Secure} ({@link #build()}
     *     checks it)
     * @return this builder
     * @throws NullPointerException if {@code sameSite} is null
     */
    public Builder sameSite(SameSite sameSite) {
      this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
      return this;
    }

    /**
     * The {@code Path} attribute. Default {@code /}.
     *
     * @param path the path; a {@code __Host-} name needs {@code /} ({@link #build()} checks it)
     * @return this builder
     * @throws NullPointerException if {@code path} is null
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
     * @param domain the host name, stored in lower case, or null; a {@code __Host-} name needs null
     *     ({@link #build()} checks it)
     * @return this builder
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
     * @param maxAge the lifetime, written in whole seconds (fractions are cut), or null
     * @return this builder
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
     * Returns the settings. The builder stays usable; later changes do not affect the result.
     *
     * @return the immutable settings
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
