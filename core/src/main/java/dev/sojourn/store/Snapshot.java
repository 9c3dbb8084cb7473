package dev.sojourn.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of a session: ID, CSRF token, user, timestamps, version, deadline and encoded
 * attributes. Immutable and thread-safe, so a store may hand the same instance to many readers.
 *
 * <p>Timestamps are epoch milliseconds, the precision every store keeps; the {@code Instant}
 * accessors are conveniences over them. The attribute map is unmodifiable, and its byte arrays are
 * shared with the store that produced the snapshot: treat them as read-only. Applications never see
 * them; they read decoded values through {@code Session}.
 */
public final class Snapshot {
  /** The value of {@link #authenticatedAtMillis()} for a session no user has signed in to. */
  public static final long NEVER = Long.MIN_VALUE;

  /**
   * The value of {@link #idleTimeoutMillis()} for a session that follows its manager's idle timeout
   * (the usual case): nothing of its own is stored.
   */
  public static final long DEFAULT_IDLE_TIMEOUT = 0;

  private final String id;
  private final String csrfToken;
  private final @Nullable String user;
  private final long createdAt;
  private final long lastAccessedAt;
  private final long authenticatedAt;
  private final long expiresAt;
  private final long version;
  private final long idleTimeout;
  private final Map<String, byte[]> attributes;

  private Snapshot(Builder b) {
    this(
        b.id,
        b.csrfToken,
        b.user,
        b.createdAt,
        b.lastAccessedAt,
        b.authenticatedAt,
        b.expiresAt,
        b.version,
        b.idleTimeout,
        b.attributes);
  }

  /**
   * The allocation-lean path for {@link SessionChange#applyTo}: every argument already checked, the
   * map already unmodifiable.
   */
  Snapshot(
      String id,
      String csrfToken,
      @Nullable String user,
      long createdAt,
      long lastAccessedAt,
      long authenticatedAt,
      long expiresAt,
      long version,
      long idleTimeout,
      Map<String, byte[]> attributes) {
    this.id = id;
    this.csrfToken = csrfToken;
    this.user = user;
    this.createdAt = createdAt;
    this.lastAccessedAt = lastAccessedAt;
    this.authenticatedAt = user == null ? NEVER : authenticatedAt;
    this.expiresAt = expiresAt;
    this.version = version;
    this.idleTimeout = idleTimeout;
    this.attributes = attributes;
  }

  /**
   * Returns a builder for a snapshot with this ID and CSRF token. The other values start as: no
   * user, times and deadline 0, version 1, the manager's idle timeout, no attributes.
   *
   * @param id the session ID
   * @param csrfToken the session's CSRF token
   * @return a new builder
   * @throws NullPointerException if either is null
   * @throws IllegalArgumentException if either is empty
   */
  public static Builder builder(String id, String csrfToken) {
    return new Builder(id, csrfToken);
  }

  /** {@return a new builder that starts from this snapshot's values} */
  public Builder toBuilder() {
    return new Builder(id, csrfToken)
        .user(user, authenticatedAt)
        .createdAt(createdAt)
        .lastAccessedAt(lastAccessedAt)
        .expiresAt(expiresAt)
        .version(version)
        .idleTimeoutMillis(idleTimeout)
        .attributes(attributes);
  }

  /** {@return the session ID, never empty} */
  public String id() {
    return id;
  }

  /** {@return the CSRF synchronizer token, never empty} */
  public String csrfToken() {
    return csrfToken;
  }

  /** {@return the signed-in user, or null for an anonymous session} */
  public @Nullable String user() {
    return user;
  }

  /** {@return when the session was created, in epoch milliseconds; kept across rotations} */
  public long createdAtMillis() {
    return createdAt;
  }

  /** {@return when the session was created} */
  public Instant createdAt() {
    return Instant.ofEpochMilli(createdAt);
  }

  /** {@return when a request last used the session (as last written), in epoch milliseconds} */
  public long lastAccessedAtMillis() {
    return lastAccessedAt;
  }

  /** {@return when a request last used the session (as last written)} */
  public Instant lastAccessedAt() {
    return Instant.ofEpochMilli(lastAccessedAt);
  }

  /**
   * {@return when the current user signed in, in epoch milliseconds, or {@link #NEVER} for an
   * anonymous session}
   */
  public long authenticatedAtMillis() {
    return authenticatedAt;
  }

  /** {@return when the current user signed in, or null for an anonymous session} */
  public @Nullable Instant authenticatedAt() {
    return authenticatedAt == NEVER ? null : Instant.ofEpochMilli(authenticatedAt);
  }

  /**
   * {@return the deadline, in epoch milliseconds: the session is served strictly before it, never
   * at it}
   */
  public long expiresAtMillis() {
    return expiresAt;
  }

  /** {@return the deadline: the session is served strictly before it, never at or after it} */
  public Instant expiresAt() {
    return Instant.ofEpochMilli(expiresAt);
  }

  /**
   * Whether the deadline has passed at {@code nowMillis}: true from the deadline on.
   *
   * @param nowMillis the store's clock, epoch milliseconds
   * @return {@code nowMillis >= expiresAtMillis()}
   */
  public boolean isExpiredAt(long nowMillis) {
    return nowMillis >= expiresAt;
  }

  /**
   * The version: 1 when created, one more for every commit that changed the user, the ID, an
   * attribute or the session's own idle timeout. A commit that only touches the session leaves it.
   *
   * @return the version, at least 1
   */
  public long version() {
    return version;
  }

  /**
   * This session's own idle timeout in milliseconds (set through {@code HttpSession
   * .setMaxInactiveInterval} or {@code Session.idleTimeout}), or {@link #DEFAULT_IDLE_TIMEOUT} when
   * it follows its manager's. {@link Long#MAX_VALUE} means the session never idles out (its
   * absolute timeout still ends it). Stores keep it as they keep the user: the manager reads it
   * back to compute each later deadline.
   *
   * @return the idle timeout in milliseconds, 0 or positive
   */
  public long idleTimeoutMillis() {
    return idleTimeout;
  }

  /** {@return the encoded attributes by name; unmodifiable, arrays shared: read-only} */
  public Map<String, byte[]> attributes() {
    return attributes;
  }

  @Override
  public String toString() {
    // The ID and CSRF token are credentials: never in a log line.
    return "Snapshot(user="
        + user
        + ", version="
        + version
        + ", expiresAt="
        + expiresAt()
        + ", attributes="
        + attributes.keySet()
        + ")";
  }

  /** Builds a {@link Snapshot}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private final String csrfToken;
    private @Nullable String user;
    private long createdAt;
    private long lastAccessedAt;
    private long authenticatedAt = NEVER;
    private long expiresAt;
    private long version = 1;
    private long idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Map<String, byte[]> attributes = Map.of();

    private Builder(String id, String csrfToken) {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(csrfToken, "csrfToken");
      if (id.isEmpty()) {
        throw new IllegalArgumentException("snapshot id must not be empty");
      }
      if (csrfToken.isEmpty()) {
        throw new IllegalArgumentException("snapshot csrfToken must not be empty");
      }
      this.id = id;
      this.csrfToken = csrfToken;
    }

    /**
     * Sets the user and when they signed in; a null user clears both.
     *
     * @param user the user's name, or null for an anonymous session
     * @param authenticatedAtMillis the sign-in time, epoch milliseconds; ignored when {@code user}
     *     is null
     * @return this builder
     */
    public Builder user(@Nullable String user, long authenticatedAtMillis) {
      this.user = user;
      this.authenticatedAt = user == null ? NEVER : authenticatedAtMillis;
      return this;
    }

    /**
     * Sets the creation time.
     *
     * @param millis the creation time, epoch milliseconds
     * @return this builder
     */
    public Builder createdAt(long millis) {
      this.createdAt = millis;
      return this;
    }

    /**
     * Sets the last access time.
     *
     * @param millis the last access time, epoch milliseconds
     * @return this builder
     */
    public Builder lastAccessedAt(long millis) {
      this.lastAccessedAt = millis;
      return this;
    }

    /**
     * Sets the deadline.
     *
     * @param millis the deadline, epoch milliseconds; {@code Long.MAX_VALUE} for one that never
     *     comes
     * @return this builder
     */
    public Builder expiresAt(long millis) {
      this.expiresAt = millis;
      return this;
    }

    /**
     * Sets the version.
     *
     * @param version the version, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code version} is less than 1
     */
    public Builder version(long version) {
      if (version < 1) {
        throw new IllegalArgumentException("version must be at least 1, was " + version);
      }
      this.version = version;
      return this;
    }

    /**
     * Sets this session's own idle timeout in milliseconds, or {@link #DEFAULT_IDLE_TIMEOUT}.
     *
     * @param millis the idle timeout, 0 or positive; {@link Long#MAX_VALUE} for never idling out
     * @return this builder
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public Builder idleTimeoutMillis(long millis) {
      this.idleTimeout = SessionChange.checkIdleTimeout(millis);
      return this;
    }

    /**
     * Sets the encoded attributes; the map is copied, the arrays are not.
     *
     * @param attributes the encoded values by name
     * @return this builder
     * @throws NullPointerException if the map, a name or a value is null
     */
    public Builder attributes(Map<String, byte[]> attributes) {
      this.attributes = Map.copyOf(attributes);
      return this;
    }

    /** {@return a new immutable snapshot; the builder stays usable} */
    public Snapshot build() {
      return new Snapshot(this);
    }
  }
}
