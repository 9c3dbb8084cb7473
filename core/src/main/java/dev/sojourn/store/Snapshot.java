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
   * Returns a builder for a snapshot with this ID and CSRF token.
   *
   * @throws IllegalArgumentException if either is empty
   */
  public static Builder builder(String id, String csrfToken) {
    return new Builder(id, csrfToken);
  }

  /** Returns a builder that starts from this snapshot's values. */
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

  /** The session ID. */
  public String id() {
    return id;
  }

  /** The CSRF synchronizer token. */
  public String csrfToken() {
    return csrfToken;
  }

  /** The signed-in user, or null for an anonymous session. */
  public @Nullable String user() {
    return user;
  }

  /** When the session was created, in epoch milliseconds. Kept across rotations. */
  public long createdAtMillis() {
    return createdAt;
  }

  /** When the session was created. */
  public Instant createdAt() {
    return Instant.ofEpochMilli(createdAt);
  }

  /** When a request last used the session (as last written), in epoch milliseconds. */
  public long lastAccessedAtMillis() {
    return lastAccessedAt;
  }

  /** When a request last used the session (as last written). */
  public Instant lastAccessedAt() {
    return Instant.ofEpochMilli(lastAccessedAt);
  }

  /** When the current user signed in, in epoch milliseconds, or {@link #NEVER}. */
  public long authenticatedAtMillis() {
    return authenticatedAt;
  }

  /** When the current user signed in, or null for an anonymous session. */
  public @Nullable Instant authenticatedAt() {
    return authenticatedAt == NEVER ? null : Instant.ofEpochMilli(authenticatedAt);
  }

  /** The deadline, in epoch milliseconds: the session is served strictly before it, never at it. */
  public long expiresAtMillis() {
    return expiresAt;
  }

  /** The deadline: the session is served strictly before it, never at or after it. */
  public Instant expiresAt() {
    return Instant.ofEpochMilli(expiresAt);
  }

  /** Whether the deadline has passed at {@code nowMillis}: true from the deadline on. */
  public boolean isExpiredAt(long nowMillis) {
    return nowMillis >= expiresAt;
  }

  /**
   * The version: 1 when created, one more for every commit that changed the user, the ID, an
   * attribute or the session's own idle timeout. A commit that only touches the session leaves it.
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
   */
  public long idleTimeoutMillis() {
    return idleTimeout;
  }

  /** The encoded attributes by name; unmodifiable, arrays shared: read-only. */
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

    /** Sets the user and when they signed in; a null user clears both. */
    public Builder user(@Nullable String user, long authenticatedAtMillis) {
      this.user = user;
      this.authenticatedAt = user == null ? NEVER : authenticatedAtMillis;
      return this;
    }

    /** Sets the creation time, epoch milliseconds. */
    public Builder createdAt(long millis) {
      this.createdAt = millis;
      return this;
    }

    /** Sets the last access time, epoch milliseconds. */
    public Builder lastAccessedAt(long millis) {
      this.lastAccessedAt = millis;
      return this;
    }

    /** Sets the deadline, epoch milliseconds. */
    public Builder expiresAt(long millis) {
      this.expiresAt = millis;
      return this;
    }

    /**
     * Sets the version.
     *
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
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public Builder idleTimeoutMillis(long millis) {
      this.idleTimeout = SessionChange.checkIdleTimeout(millis);
      return this;
    }

    /** Sets the encoded attributes; the map is copied, the arrays are not. */
    public Builder attributes(Map<String, byte[]> attributes) {
      this.attributes = Map.copyOf(attributes);
      return this;
    }

    /** Returns the snapshot. */
    public Snapshot build() {
      return new Snapshot(this);
    }
  }
}
