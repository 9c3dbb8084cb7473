package dev.sojourn.spring.boot;

import dev.sojourn.MaxSessionsPolicy;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sojourn.*} properties. Each one has the default of the Sojourn builder it feeds; unset
 * properties leave the builder's default in place.
 */
@ConfigurationProperties("sojourn")
public class SojournProperties {
  /** Whether Sojourn replaces the container's sessions. */
  private boolean enabled = true;

  /** How long a session lives without requests. Default 30 minutes. */
  private @Nullable Duration idleTimeout;

  /** How long a session lives at most, however active. Default 12 hours. */
  private @Nullable Duration absoluteTimeout;

  /**
   * How often a read-only request renews the idle deadline in the store. Default: a tenth of the
   * idle timeout, at most one minute.
   */
  private @Nullable Duration touchInterval;

  /**
   * At most this many sessions per signed-in user (all nodes sharing the store). Unset: no limit.
   * Enforced through the store's user index when a session signs in (see {@code
   * SessionManager.Builder.maxSessionsPerUser}); the Redis store needs {@code
   * sojourn.store.redis.id-key} for it.
   */
  private @Nullable Integer maxSessionsPerUser;

  /**
   * What a sign-in beyond {@code sojourn.max-sessions-per-user} does: {@code end-oldest} ends the
   * user's sessions that signed in first, {@code refuse} fails the sign-in.
   */
  private MaxSessionsPolicy maxSessionsPolicy = MaxSessionsPolicy.END_OLDEST;

  /**
   * Most sessions the memory store holds, all users together (at least 1). When it is full, a new
   * session evicts the anonymous session closest to its deadline; if every stored session is signed
   * in, the new one is refused (the filter answers 503). Default 1,000,000. Memory store only: the
   * Redis store is bounded by Redis's {@code maxmemory}, and setting this with {@code
   * sojourn.store.type=redis} fails startup.
   */
  private @Nullable Integer maxSessions;

  /**
   * Order of the session filter among the servlet filters; it must run before Spring Security's
   * filter chain (order -100).
   */
  private int filterOrder = SojournAutoConfiguration.DEFAULT_FILTER_ORDER;

  /**
   * Send the session ID in this request/response header instead of a cookie (for API clients, not
   * browsers). Unset: the cookie.
   */
  private @Nullable String header;

  /** The session cookie. */
  private final Cookie cookie = new Cookie();

  /** The session store. */
  private final Store store = new Store();

  /** The Spring Security integration. */
  private final Security security = new Security();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public @Nullable Duration getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(@Nullable Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public @Nullable Duration getAbsoluteTimeout() {
    return absoluteTimeout;
  }

  public void setAbsoluteTimeout(@Nullable Duration absoluteTimeout) {
    this.absoluteTimeout = absoluteTimeout;
  }

  public @Nullable Duration getTouchInterval() {
    return touchInterval;
  }

  public void setTouchInterval(@Nullable Duration touchInterval) {
    this.touchInterval = touchInterval;
  }

  public @Nullable Integer getMaxSessionsPerUser() {
    return maxSessionsPerUser;
  }

  public void setMaxSessionsPerUser(@Nullable Integer maxSessionsPerUser) {
    this.maxSessionsPerUser = maxSessionsPerUser;
  }

  public MaxSessionsPolicy getMaxSessionsPolicy() {
    return maxSessionsPolicy;
  }

  public void setMaxSessionsPolicy(MaxSessionsPolicy maxSessionsPolicy) {
    this.maxSessionsPolicy = maxSessionsPolicy;
  }

  public @Nullable Integer getMaxSessions() {
    return maxSessions;
  }

  public void setMaxSessions(@Nullable Integer maxSessions) {
    this.maxSessions = maxSessions;
  }

  public int getFilterOrder() {
    return filterOrder;
  }

  public void setFilterOrder(int filterOrder) {
    this.filterOrder = filterOrder;
  }

  public @Nullable String getHeader() {
    return header;
  }

  public void setHeader(@Nullable String header) {
    this.header = header;
  }

  public Cookie getCookie() {
    return cookie;
  }

  public Store getStore() {
    return store;
  }

  public Security getSecurity() {
    return security;
  }

  /** The {@code sojourn.cookie.*} properties. */
  public static class Cookie {
    /** Cookie name. Default {@code __Host-sojourn}. */
    private @Nullable String name;

    /** Whether the cookie is sent over HTTPS only. Default true. */
    private @Nullable Boolean secure;

    /** Whether scripts are kept from reading the cookie. Default true. */
    private @Nullable Boolean httpOnly;

    /** SameSite attribute: strict, lax or none. Default lax. */
    private @Nullable String sameSite;

    /** Cookie path. Default {@code /}. */
    private @Nullable String path;

    /** Cookie domain. Default: none (host-only). */
    private @Nullable String domain;

    /** Cookie Max-Age. Default: none (the cookie ends with the browser). */
    private @Nullable Duration maxAge;

    public @Nullable String getName() {
      return name;
    }

    public void setName(@Nullable String name) {
      this.name = name;
    }

    public @Nullable Boolean getSecure() {
      return secure;
    }

    public void setSecure(@Nullable Boolean secure) {
      this.secure = secure;
    }

    public @Nullable Boolean getHttpOnly() {
      return httpOnly;
    }

    public void setHttpOnly(@Nullable Boolean httpOnly) {
      this.httpOnly = httpOnly;
    }

    public @Nullable String getSameSite() {
      return sameSite;
    }

    public void setSameSite(@Nullable String sameSite) {
      this.sameSite = sameSite;
    }

    public @Nullable String getPath() {
      return path;
    }

    public void setPath(@Nullable String path) {
      this.path = path;
    }

    public @Nullable String getDomain() {
      return domain;
    }

    public void setDomain(@Nullable String domain) {
      this.domain = domain;
    }

    public @Nullable Duration getMaxAge() {
      return maxAge;
    }

    public void setMaxAge(@Nullable Duration maxAge) {
      this.maxAge = maxAge;
    }
  }

  /** The {@code sojourn.store.*} properties. */
  public static class Store {
    /** Where sessions live: memory (one node only) or redis (needs sojourn-redis). */
    private String type = "memory";

    /** The Redis store. */
    private final Redis redis = new Redis();

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public Redis getRedis() {
      return redis;
    }
  }

  /**
   * The {@code sojourn.store.redis.*} properties. The connection itself comes from Spring Boot's
   * {@code spring.data.redis.*} settings (or a {@code DataRedisConnectionDetails} bean).
   */
  public static class Redis {
    /** Prefix of every key. Default {@code sojourn:}. */
    private @Nullable String keyPrefix;

    /** Longest wait for Redis before a request fails with 503. Default 2 seconds. */
    private @Nullable Duration commandTimeout;

    /**
     * Base64 of a 32-byte key that seals session IDs in the user index, the same on every node;
     * needed to list a user's sessions (concurrent session control, sign out other devices).
     */
    private @Nullable String idKey;

    public @Nullable String getKeyPrefix() {
      return keyPrefix;
    }

    public void setKeyPrefix(@Nullable String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    public @Nullable Duration getCommandTimeout() {
      return commandTimeout;
    }

    public void setCommandTimeout(@Nullable Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
    }

    public @Nullable String getIdKey() {
      return idKey;
    }

    public void setIdKey(@Nullable String idKey) {
      this.idKey = idKey;
    }
  }

  /** The {@code sojourn.security.*} properties. */
  public static class Security {
    /**
     * The key of the application's remember-me services, so that remember-me sign-ins can be stored
     * in the session. Unset: a remember-me sign-in fails to store.
     */
    private @Nullable String rememberMeKey;

    public @Nullable String getRememberMeKey() {
      return rememberMeKey;
    }

    public void setRememberMeKey(@Nullable String rememberMeKey) {
      this.rememberMeKey = rememberMeKey;
    }
  }
}
