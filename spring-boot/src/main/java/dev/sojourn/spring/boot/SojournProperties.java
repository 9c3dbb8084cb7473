package dev.sojourn.spring.boot;

import dev.sojourn.MaxSessionsPolicy;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code sojourn.*} properties. Each one has the default of the Sojourn builder it feeds; unset
 * properties leave the builder's default in place.
 *
 * <p>The setters accept any value: the checks (mostly the builders' own) are made once at startup
 * by {@link SojournAutoConfiguration}, which turns a refusal into an {@code
 * InvalidConfigurationPropertyValueException} naming the property. The cookie properties are
 * checked only when the cookie carries the session ID (no {@code sojourn.header}).
 *
 * <p>Not thread-safe: Spring binds these objects once, before the beans are built; a change made
 * afterwards has no effect on the running session manager or filter.
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

  /**
   * Creates the properties with every default in place; Spring binds {@code sojourn.*} into them.
   */
  public SojournProperties() {}

  /**
   * {@return whether Sojourn replaces the container's sessions ({@code sojourn.enabled}, default
   * true)}
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets {@code sojourn.enabled}.
   *
   * @param enabled false to leave the container's sessions alone: none of Sojourn's beans is
   *     created
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** {@return {@code sojourn.idle-timeout}, or null when unset (the builder's 30 minutes apply)} */
  public @Nullable Duration getIdleTimeout() {
    return idleTimeout;
  }

  /**
   * Sets {@code sojourn.idle-timeout}. Not checked here: a value the session manager's builder
   * refuses (shorter than 1 ms, or not longer than the touch interval) fails startup with an {@code
   * InvalidConfigurationPropertyValueException} naming the property.
   *
   * @param idleTimeout how long a session lives without requests; null for the default
   */
  public void setIdleTimeout(@Nullable Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  /**
   * {@return {@code sojourn.absolute-timeout}, or null when unset (the builder's 12 hours apply)}
   */
  public @Nullable Duration getAbsoluteTimeout() {
    return absoluteTimeout;
  }

  /**
   * Sets {@code sojourn.absolute-timeout}. Not checked here: a value shorter than 1 ms fails
   * startup with an {@code InvalidConfigurationPropertyValueException} naming the property.
   *
   * @param absoluteTimeout the longest a session lives, however active; null for the default
   */
  public void setAbsoluteTimeout(@Nullable Duration absoluteTimeout) {
    this.absoluteTimeout = absoluteTimeout;
  }

  /**
   * {@return {@code sojourn.touch-interval}, or null when unset (a tenth of the idle timeout, at
   * most one minute)}
   */
  public @Nullable Duration getTouchInterval() {
    return touchInterval;
  }

  /**
   * Sets {@code sojourn.touch-interval}. Not checked here: a negative value, or one not shorter
   * than the idle timeout, fails startup with an {@code InvalidConfigurationPropertyValueException}
   * naming the property.
   *
   * @param touchInterval how often a read-only request renews the idle deadline in the store; null
   *     for the default
   */
  public void setTouchInterval(@Nullable Duration touchInterval) {
    this.touchInterval = touchInterval;
  }

  /** {@return {@code sojourn.max-sessions-per-user}, or null when unset (no limit)} */
  public @Nullable Integer getMaxSessionsPerUser() {
    return maxSessionsPerUser;
  }

  /**
   * Sets {@code sojourn.max-sessions-per-user}. Not checked here: a value below 1, or a store
   * without a user index (Redis without {@code sojourn.store.redis.id-key}), fails startup with an
   * {@code InvalidConfigurationPropertyValueException} naming the property.
   *
   * @param maxSessionsPerUser the most sessions one signed-in user may hold; null for no limit
   */
  public void setMaxSessionsPerUser(@Nullable Integer maxSessionsPerUser) {
    this.maxSessionsPerUser = maxSessionsPerUser;
  }

  /** {@return {@code sojourn.max-sessions-policy}; default {@link MaxSessionsPolicy#END_OLDEST}} */
  public MaxSessionsPolicy getMaxSessionsPolicy() {
    return maxSessionsPolicy;
  }

  /**
   * Sets {@code sojourn.max-sessions-policy}; it matters only with {@code
   * sojourn.max-sessions-per-user}. Spring binds {@code end-oldest} and {@code refuse} (any case);
   * other values fail binding at startup.
   *
   * @param maxSessionsPolicy what a sign-in beyond the limit does
   */
  public void setMaxSessionsPolicy(MaxSessionsPolicy maxSessionsPolicy) {
    this.maxSessionsPolicy = maxSessionsPolicy;
  }

  /** {@return {@code sojourn.max-sessions}, or null when unset (the memory store's 1,000,000)} */
  public @Nullable Integer getMaxSessions() {
    return maxSessions;
  }

  /**
   * Sets {@code sojourn.max-sessions}. Not checked here: a value below 1, or any value with {@code
   * sojourn.store.type=redis}, fails startup with an {@code
   * InvalidConfigurationPropertyValueException} naming the property.
   *
   * @param maxSessions the most sessions the memory store holds; null for the default
   */
  public void setMaxSessions(@Nullable Integer maxSessions) {
    this.maxSessions = maxSessions;
  }

  /**
   * {@return {@code sojourn.filter-order}; default {@link
   * SojournAutoConfiguration#DEFAULT_FILTER_ORDER}}
   */
  public int getFilterOrder() {
    return filterOrder;
  }

  /**
   * Sets {@code sojourn.filter-order}. Any int is accepted; an order after Spring Security's chain
   * (-100) leaves the security filters without Sojourn's session.
   *
   * @param filterOrder the session filter's order among the servlet filters
   */
  public void setFilterOrder(int filterOrder) {
    this.filterOrder = filterOrder;
  }

  /** {@return {@code sojourn.header}, or null when unset (the session ID travels in the cookie)} */
  public @Nullable String getHeader() {
    return header;
  }

  /**
   * Sets {@code sojourn.header}. Not checked here: a name the session filter refuses (not a valid
   * HTTP header token) fails startup with an {@code InvalidConfigurationPropertyValueException}
   * naming the property. Null or empty: the cookie ({@code sojourn.cookie.*}) is used.
   *
   * @param header the request/response header that carries the session ID
   */
  public void setHeader(@Nullable String header) {
    this.header = header;
  }

  /**
   * {@return the {@code sojourn.cookie.*} properties, never null (Spring binds into this object)}
   */
  public Cookie getCookie() {
    return cookie;
  }

  /**
   * {@return the {@code sojourn.store.*} properties, never null (Spring binds into this object)}
   */
  public Store getStore() {
    return store;
  }

  /**
   * {@return the {@code sojourn.security.*} properties, never null (Spring binds into this object)}
   */
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

    /** Creates the cookie properties, all unset. */
    public Cookie() {}

    /** {@return {@code sojourn.cookie.name}, or null when unset ({@code __Host-sojourn})} */
    public @Nullable String getName() {
      return name;
    }

    /**
     * Sets {@code sojourn.cookie.name}. Not checked here: a name the cookie settings refuse (not a
     * cookie-name token, or a {@code __Host-} name with {@code secure=false}, a domain or a path
     * other than {@code /}) fails startup with an {@code
     * InvalidConfigurationPropertyValueException} on {@code sojourn.cookie}.
     *
     * @param name the cookie name; null for the default
     */
    public void setName(@Nullable String name) {
      this.name = name;
    }

    /** {@return {@code sojourn.cookie.secure}, or null when unset (true)} */
    public @Nullable Boolean getSecure() {
      return secure;
    }

    /**
     * Sets {@code sojourn.cookie.secure}. Not checked here: false with a {@code __Host-} or {@code
     * __Secure-} name, or with {@code same-site=none}, fails startup with an {@code
     * InvalidConfigurationPropertyValueException} on {@code sojourn.cookie} (browsers would drop
     * the cookie).
     *
     * @param secure false to send the cookie over plain HTTP too (development only); null for the
     *     default
     */
    public void setSecure(@Nullable Boolean secure) {
      this.secure = secure;
    }

    /** {@return {@code sojourn.cookie.http-only}, or null when unset (true)} */
    public @Nullable Boolean getHttpOnly() {
      return httpOnly;
    }

    /**
     * Sets {@code sojourn.cookie.http-only}.
     *
     * @param httpOnly false to let scripts read the cookie; null for the default
     */
    public void setHttpOnly(@Nullable Boolean httpOnly) {
      this.httpOnly = httpOnly;
    }

    /** {@return {@code sojourn.cookie.same-site} as written, or null when unset (lax)} */
    public @Nullable String getSameSite() {
      return sameSite;
    }

    /**
     * Sets {@code sojourn.cookie.same-site}. Not checked here: a value other than {@code strict},
     * {@code lax} or {@code none} (any case, surrounding blanks ignored) fails startup with an
     * {@code InvalidConfigurationPropertyValueException} naming the property.
     *
     * @param sameSite the SameSite attribute; null for the default
     */
    public void setSameSite(@Nullable String sameSite) {
      this.sameSite = sameSite;
    }

    /** {@return {@code sojourn.cookie.path}, or null when unset ({@code /})} */
    public @Nullable String getPath() {
      return path;
    }

    /**
     * Sets {@code sojourn.cookie.path}. Not checked here: a path that does not start with {@code
     * /}, holds {@code ;} or a control character, or is not {@code /} with a {@code __Host-} name,
     * fails startup with an {@code InvalidConfigurationPropertyValueException} on {@code
     * sojourn.cookie}.
     *
     * @param path the cookie path; null for the default
     */
    public void setPath(@Nullable String path) {
      this.path = path;
    }

    /** {@return {@code sojourn.cookie.domain}, or null when unset (a host-only cookie)} */
    public @Nullable String getDomain() {
      return domain;
    }

    /**
     * Sets {@code sojourn.cookie.domain}. Not checked here: a domain the cookie settings refuse
     * (any domain with a {@code __Host-} name) fails startup with an {@code
     * InvalidConfigurationPropertyValueException} on {@code sojourn.cookie}.
     *
     * @param domain the cookie domain; null for a host-only cookie
     */
    public void setDomain(@Nullable String domain) {
      this.domain = domain;
    }

    /** {@return {@code sojourn.cookie.max-age}, or null when unset (a browser-session cookie)} */
    public @Nullable Duration getMaxAge() {
      return maxAge;
    }

    /**
     * Sets {@code sojourn.cookie.max-age}. Not checked here: a value shorter than one second fails
     * startup with an {@code InvalidConfigurationPropertyValueException} on {@code sojourn.cookie}.
     *
     * @param maxAge the cookie's Max-Age; null for none
     */
    public void setMaxAge(@Nullable Duration maxAge) {
      this.maxAge = maxAge;
    }
  }

  /** The {@code sojourn.store.*} properties. */
  public static class Store {
    /**
     * Where sessions live: memory (one node only), redis (needs sojourn-redis) or jdbc (the
     * PostgreSQL store on the application's DataSource; needs sojourn-jdbc).
     */
    private String type = "memory";

    /** The Redis store. */
    private final Redis redis = new Redis();

    /** The PostgreSQL store. */
    @NestedConfigurationProperty private final JdbcStoreProperties jdbc = new JdbcStoreProperties();

    /** Creates the store properties: type {@code memory}, Redis properties unset. */
    public Store() {}

    /** {@return {@code sojourn.store.type} as written; default {@code memory}} */
    public String getType() {
      return type;
    }

    /**
     * Sets {@code sojourn.store.type}. Not checked here: a value other than {@code memory}, {@code
     * redis} or {@code jdbc} fails startup with an {@code
     * InvalidConfigurationPropertyValueException} naming the property; {@code redis} without
     * sojourn-redis (or {@code jdbc} without sojourn-jdbc) on the class path fails it with an
     * {@code IllegalStateException}.
     *
     * @param type {@code memory}, {@code redis} or {@code jdbc}
     */
    public void setType(String type) {
      this.type = type;
    }

    /**
     * {@return the {@code sojourn.store.redis.*} properties, never null (Spring binds into this
     * object)}
     */
    public Redis getRedis() {
      return redis;
    }

    /**
     * {@return the {@code sojourn.store.jdbc.*} properties, never null (Spring binds into this
     * object)}
     */
    public JdbcStoreProperties getJdbc() {
      return jdbc;
    }
  }

  /**
   * The {@code sojourn.store.redis.*} properties. The keys are {@link StoreKeyProperties}': {@code
   * id-key} seals session IDs in the user index, {@code digest-key} keys the digest in every key
   * name. The connection itself comes from Spring Boot's {@code spring.data.redis.*} settings (or a
   * {@code DataRedisConnectionDetails} bean).
   */
  public static class Redis extends StoreKeyProperties {
    /** Prefix of every key. Default {@code sojourn:}. */
    private @Nullable String keyPrefix;

    /** Longest wait for Redis before a request fails with 503. Default 2 seconds. */
    private @Nullable Duration commandTimeout;

    /**
     * Turns on expiry events (Spring's HttpSessionDestroyedEvent and core's listeners hear expired
     * sessions) without keyspace notifications: the interval between two sweeps of the deadline
     * set, whose lease one node at a time holds. Default: off (no events, no deadline set).
     */
    private @Nullable Duration expiryEvents;

    /** Creates the Redis properties, all unset. */
    public Redis() {}

    /** {@return {@code sojourn.store.redis.key-prefix}, or null when unset ({@code sojourn:})} */
    public @Nullable String getKeyPrefix() {
      return keyPrefix;
    }

    /**
     * Sets {@code sojourn.store.redis.key-prefix}; nodes that share sessions must use the same one.
     *
     * @param keyPrefix the prefix of every key; null for the default
     */
    public void setKeyPrefix(@Nullable String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    /** {@return {@code sojourn.store.redis.command-timeout}, or null when unset (2 seconds)} */
    public @Nullable Duration getCommandTimeout() {
      return commandTimeout;
    }

    /**
     * Sets {@code sojourn.store.redis.command-timeout}. Not checked here: a value the Redis store's
     * builder refuses (outside 1 ms to 1 minute) fails startup with an {@code
     * InvalidConfigurationPropertyValueException} naming the property.
     *
     * @param commandTimeout the longest wait for Redis; null for the default
     */
    public void setCommandTimeout(@Nullable Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
    }

    /** {@return {@code sojourn.store.redis.expiry-events}: the sweep interval, or null (off)} */
    public @Nullable Duration getExpiryEvents() {
      return expiryEvents;
    }

    /**
     * Sets {@code sojourn.store.redis.expiry-events}. Not checked here: an interval the store
     * refuses fails startup with an {@code InvalidConfigurationPropertyValueException}.
     *
     * @param expiryEvents the sweep interval; null for no expiry events
     */
    public void setExpiryEvents(@Nullable Duration expiryEvents) {
      this.expiryEvents = expiryEvents;
    }
  }

  /** The {@code sojourn.security.*} properties. */
  public static class Security {
    /**
     * The key of the application's remember-me services, so that remember-me sign-ins can be stored
     * in the session. Unset: a remember-me sign-in fails to store.
     */
    private @Nullable String rememberMeKey;

    /** Creates the security properties, all unset. */
    public Security() {}

    /**
     * {@return {@code sojourn.security.remember-me-key} (a secret: do not log it), or null when
     * unset}
     */
    public @Nullable String getRememberMeKey() {
      return rememberMeKey;
    }

    /**
     * Sets {@code sojourn.security.remember-me-key}.
     *
     * @param rememberMeKey the key the application's remember-me services use; null: remember-me
     *     sign-ins cannot be stored in the session
     */
    public void setRememberMeKey(@Nullable String rememberMeKey) {
      this.rememberMeKey = rememberMeKey;
    }
  }
}
