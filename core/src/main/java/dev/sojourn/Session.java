package dev.sojourn;

import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.codec.CodecException;
import dev.sojourn.store.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One request's working copy of a session: ID, CSRF token, user, typed attributes and timestamps.
 * Obtained from {@link SessionManager#open}, written back with {@link SessionManager#commit}.
 *
 * <p><b>Not thread-safe</b>: one request owns it at a time. Concurrency between requests is the
 * store's job: the session records what this request changed, and the commit sends only that delta,
 * so two requests changing different attributes both land.
 *
 * <p>Attribute values are treated as immutable: to change a stored list, put a new one. {@link
 * #put} encodes the value at once, so an unsupported type fails there, not at commit.
 *
 * <p>Rotation rules (the seed's {@code SetUser} and {@code Rotate}): {@link #login} of a user other
 * than the current one (from anonymous, or from another user) rotates the ID and CSRF token
 * (session fixation defence); a repeated login of the same user leaves both. {@link #rotate} renews
 * both and keeps user and data. Either way the old ID is dead as soon as the commit returns.
 */
public final class Session {
  /**
   * The idle timeout that never ends a session: pass it to {@link #idleTimeout(Duration)} (any
   * duration of {@code Long.MAX_VALUE} ms or longer means the same). The absolute timeout still
   * ends the session.
   */
  public static final Duration NO_IDLE_TIMEOUT = Duration.ofMillis(Long.MAX_VALUE);

  private final AttributeCodec codec;
  private final TokenGenerator tokens;
  private final long nowMillis;

  private String id;
  private @Nullable String storedId;
  private String csrfToken;
  private @Nullable String user;
  private final long createdAt;
  private long lastAccessedAt;
  private long authenticatedAt;
  private long version;
  private Map<String, byte[]> stored;
  private long idleTimeoutMillis;
  private boolean idleTimeoutChanged;

  private final Map<String, Object> decoded;
  private final Map<String, byte[]> puts = new LinkedHashMap<>();
  private final Map<String, Object> putValues = new HashMap<>();
  private final Set<String> removals = new HashSet<>();
  private boolean cleared;
  private boolean userChanged;
  private boolean touched;
  private boolean invalidated;
  private boolean retained;

  /** A fresh session, not stored yet. */
  Session(AttributeCodec codec, TokenGenerator tokens, long nowMillis) {
    this.decoded = new HashMap<>();
    this.codec = codec;
    this.tokens = tokens;
    this.nowMillis = nowMillis;
    this.id = tokens.next();
    this.storedId = null;
    this.csrfToken = tokens.next();
    this.createdAt = nowMillis;
    this.lastAccessedAt = nowMillis;
    this.authenticatedAt = Snapshot.NEVER;
    this.version = 0;
    this.stored = Map.of();
    this.idleTimeoutMillis = Snapshot.DEFAULT_IDLE_TIMEOUT;
  }

  /** A session loaded from the store, with its attributes already decoded (kept as the cache). */
  Session(
      AttributeCodec codec,
      TokenGenerator tokens,
      long nowMillis,
      Snapshot snapshot,
      Map<String, Object> decoded) {
    this.decoded = decoded;
    this.codec = codec;
    this.tokens = tokens;
    this.nowMillis = nowMillis;
    this.id = snapshot.id();
    this.storedId = snapshot.id();
    this.csrfToken = snapshot.csrfToken();
    this.user = snapshot.user();
    this.createdAt = snapshot.createdAtMillis();
    this.lastAccessedAt = snapshot.lastAccessedAtMillis();
    this.authenticatedAt = snapshot.authenticatedAtMillis();
    this.version = snapshot.version();
    this.stored = snapshot.attributes();
    this.idleTimeoutMillis = snapshot.idleTimeoutMillis();
  }

  /**
   * {@return the session ID; changes on {@link #rotate} and on {@link #login} of a different user}
   */
  public String id() {
    return id;
  }

  /** {@return the CSRF synchronizer token; rotates with the ID} */
  public String csrfToken() {
    return csrfToken;
  }

  /** {@return the signed-in user, or null for an anonymous session} */
  public @Nullable String user() {
    return user;
  }

  /** {@return whether a user is signed in} */
  public boolean isAuthenticated() {
    return user != null;
  }

  /**
   * {@return whether the session is not stored yet: this request created it and no commit has
   * stored it}
   */
  public boolean isNew() {
    return storedId == null;
  }

  /** {@return whether {@link #invalidate} or {@link #logout} ended the session in this request} */
  public boolean isInvalidated() {
    return invalidated;
  }

  /** {@return when the session was created; kept across rotations} */
  public Instant createdAt() {
    return Instant.ofEpochMilli(createdAt);
  }

  /** {@return when a request last used the session, this one included} */
  public Instant lastAccessedAt() {
    return Instant.ofEpochMilli(lastAccessedAt);
  }

  /** {@return when the current user signed in, or null for an anonymous session} */
  public @Nullable Instant authenticatedAt() {
    return authenticatedAt == Snapshot.NEVER ? null : Instant.ofEpochMilli(authenticatedAt);
  }

  /**
   * {@return the stored version this copy was loaded at or last committed as (0 for a session not
   * stored yet)}
   */
  public long version() {
    return version;
  }

  /**
   * This session's own idle timeout, or null if it follows its {@link SessionManager}'s (the
   * default). {@link #NO_IDLE_TIMEOUT} means it never idles out. {@link
   * SessionManager#idleTimeoutOf} gives the timeout in effect either way.
   *
   * @return the session's own idle timeout, as set in this request or stored, or null
   */
  public @Nullable Duration idleTimeout() {
    return idleTimeoutMillis == Snapshot.DEFAULT_IDLE_TIMEOUT
        ? null
        : Duration.ofMillis(idleTimeoutMillis);
  }

  /**
   * Gives this session its own idle timeout, in place of its manager's, from this request's commit
   * on (the commit that stores it already computes the deadline with it); it is stored with the
   * session, so every later request and every application instance honours it. Shorter or longer
   * than the manager's, it is always capped by the manager's absolute timeout: no session outlives
   * that. {@link #NO_IDLE_TIMEOUT} (or any duration of {@code Long.MAX_VALUE} ms or longer) means
   * the session never idles out. Kept to whole milliseconds, rounded down. Setting the value the
   * session already has changes nothing; a change counts as a change of data (the version moves).
   *
   * @param timeout the idle timeout, at least 1 ms
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is shorter than 1 ms (zero or negative)
   * @throws IllegalStateException if the session was invalidated
   */
  public void idleTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "idleTimeout");
    requireUsable();
    if (timeout.isNegative() || timeout.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(
          "idleTimeout must be at least 1 ms (NO_IDLE_TIMEOUT for never), was " + timeout);
    }
    setIdleTimeoutMillis(
        timeout.compareTo(NO_IDLE_TIMEOUT) >= 0 ? Long.MAX_VALUE : timeout.toMillis());
  }

  /**
   * Drops this session's own idle timeout: from this request's commit on, it follows its manager's
   * again. No-op if it has none.
   *
   * @throws IllegalStateException if the session was invalidated
   */
  public void useDefaultIdleTimeout() {
    requireUsable();
    setIdleTimeoutMillis(Snapshot.DEFAULT_IDLE_TIMEOUT);
  }

  private void setIdleTimeoutMillis(long millis) {
    if (millis != idleTimeoutMillis) {
      idleTimeoutMillis = millis;
      idleTimeoutChanged = true;
    }
  }

  /**
   * Returns the attribute's value, or null if it is absent. Stored bytes are decoded on the first
   * read and the value kept for later reads in this request.
   *
   * @param <T> the attribute's type
   * @param key the attribute's name and type
   * @return the value (this request's own put, if any), or null
   * @throws IllegalStateException if the session was invalidated
   * @throws ClassCastException if the stored value is not a {@code T}; the message names both types
   * @throws CodecException if the stored bytes cannot be decoded
   */
  public <T> @Nullable T get(SessionKey<T> key) {
    Object value = get(key.name());
    if (value == null) {
      return null;
    }
    if (!key.type().isInstance(value)) {
      throw new ClassCastException(
          "attribute '"
              + key.name()
              + "' holds a "
              + value.getClass().getName()
              + ", not a "
              + key.type().getName());
    }
    return key.type().cast(value);
  }

  /**
   * Returns the attribute's value by name, or null: the untyped view, for the {@code HttpSession}
   * bridge and the seed's data map.
   *
   * @param name the attribute's name
   * @return the value (this request's own put, if any), or null
   * @throws IllegalStateException if the session was invalidated
   * @throws CodecException if the stored bytes cannot be decoded
   */
  public @Nullable Object get(String name) {
    requireUsable();
    Object pending = putValues.get(name);
    if (pending != null) {
      return pending;
    }
    if (cleared || removals.contains(name)) {
      return null;
    }
    Object cached = decoded.get(name);
    if (cached != null) {
      return cached;
    }
    byte[] bytes = stored.get(name);
    if (bytes == null) {
      return null;
    }
    Object value = codec.decode(bytes);
    decoded.put(name, value);
    return value;
  }

  /**
   * Sets an attribute. The value is encoded now, so an unsupported type fails here.
   *
   * @param <T> the attribute's type
   * @param key the attribute's name and type
   * @param value the value; treated as immutable from now on
   * @throws NullPointerException if {@code value} is null (use {@link #remove(SessionKey)})
   * @throws CodecException if the codec cannot encode the value
   * @throws IllegalStateException if the session was invalidated
   */
  public <T> void put(SessionKey<T> key, T value) {
    put(key.name(), Objects.requireNonNull(value, "value"));
  }

  /**
   * Sets an attribute by name: the untyped view.
   *
   * @param name the attribute's name
   * @param value the value; treated as immutable from now on
   * @throws NullPointerException if {@code name} or {@code value} is null
   * @throws CodecException if the codec cannot encode the value
   * @throws IllegalStateException if the session was invalidated
   */
  public void put(String name, Object value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    requireUsable();
    byte[] bytes = codec.encode(value);
    removals.remove(name);
    puts.put(name, bytes);
    putValues.put(name, value);
  }

  /**
   * Removes an attribute; no-op if absent.
   *
   * @param key the attribute's name (its type is not checked)
   * @throws IllegalStateException if the session was invalidated
   */
  public void remove(SessionKey<?> key) {
    remove(key.name());
  }

  /**
   * Removes an attribute by name; no-op if absent.
   *
   * @param name the attribute's name
   * @throws IllegalStateException if the session was invalidated
   */
  public void remove(String name) {
    requireUsable();
    puts.remove(name);
    putValues.remove(name);
    if (!cleared && stored.containsKey(name)) {
      removals.add(name);
    }
  }

  /**
   * Removes every attribute (the seed's overwrite of the data map starts with this).
   *
   * @throws IllegalStateException if the session was invalidated
   */
  public void clear() {
    requireUsable();
    puts.clear();
    putValues.clear();
    removals.clear();
    cleared = true;
  }

  /**
   * {@return the names of the attributes this session holds, this request's changes included;
   * sorted, an unmodifiable snapshot}
   */
  public Set<String> attributeNames() {
    Set<String> names = new TreeSet<>();
    if (!cleared) {
      names.addAll(stored.keySet());
      names.removeAll(removals);
    }
    names.addAll(puts.keySet());
    return Collections.unmodifiableSet(names);
  }

  /**
   * Signs {@code user} in: the seed's {@code SetUser}. Whenever the user changes, from anonymous or
   * from another user, the ID and CSRF token rotate before the new user is set, so that an ID
   * someone else knew never carries the new identity (session fixation, ASVS 4.0 V3.2.1 / 5.0
   * V7.2.4: an attacker who signs in as themselves and plants that session in a victim's browser
   * gains nothing when the victim signs in). The same user signing in again keeps ID, CSRF token
   * and sign-in time, as the seed specifies; call {@link #rotate} as well to renew them on
   * re-authentication. Attributes are kept across the switch (as Spring Security's default
   * migrating fixation protection does); an application that must not carry one user's data into
   * another's calls {@link #clear} too.
   *
   * <p>Peers rotate on every authentication, even of the same user (Tomcat's {@code
   * changeSessionIdOnAuthentication}, Spring Security's {@code SessionFixationProtectionStrategy}).
   * We rotate on every change of user, the case a fixation attack needs, and leave a repeated
   * sign-in of the same user alone, so that pages already holding the CSRF token keep working;
   * {@link #rotate} gives the peers' behaviour where wanted.
   *
   * @param user the user's name, as the application identifies users
   * @throws NullPointerException if {@code user} is null (use {@link #logout} to sign out)
   * @throws IllegalArgumentException if {@code user} is empty
   * @throws IllegalStateException if the session was invalidated in this request
   */
  public void login(String user) {
    Objects.requireNonNull(user, "user");
    if (user.isEmpty()) {
      throw new IllegalArgumentException("user must not be empty");
    }
    requireUsable();
    if (!user.equals(this.user)) {
      rotate();
      this.user = user;
      this.authenticatedAt = nowMillis;
      this.userChanged = true;
    }
  }

  /**
   * Keeps a fresh session even if it holds nothing else, typically because its CSRF token was
   * handed to a page and must still be valid when the form comes back. Without it, lazy creation
   * stores nothing for a session with no user and no attribute.
   *
   * @throws IllegalStateException if the session was invalidated
   */
  public void retain() {
    requireUsable();
    retained = true;
  }

  /**
   * Renews the ID and the CSRF token, keeping user and data: the seed's {@code Rotate}.
   *
   * @throws IllegalStateException if the session was invalidated
   */
  public void rotate() {
    requireUsable();
    this.id = tokens.next();
    this.csrfToken = tokens.next();
  }

  /**
   * Signs out by ending the session: it is dropped at commit, user and data with it, and the next
   * request starts a fresh anonymous session under a new ID.
   */
  public void logout() {
    invalidate();
  }

  /** Ends the session: dropped from the store at commit. Idempotent. */
  public void invalidate() {
    invalidated = true;
  }

  // ---- for SessionManager ----

  @Nullable String storedId() {
    return storedId;
  }

  boolean isRotated() {
    return storedId != null && !storedId.equals(id);
  }

  boolean userChanged() {
    return userChanged;
  }

  boolean hasAttributeChanges() {
    return cleared || !puts.isEmpty() || !removals.isEmpty();
  }

  /** Whether a new session holds anything worth storing: lazy creation stores nothing else. */
  boolean isWorthStoring() {
    return user != null || !puts.isEmpty() || retained;
  }

  boolean isCleared() {
    return cleared;
  }

  /** The own idle timeout in ms, or {@link Snapshot#DEFAULT_IDLE_TIMEOUT}. */
  long idleTimeoutMillis() {
    return idleTimeoutMillis;
  }

  /** Whether this request set or reset the own idle timeout (it must go out with the commit). */
  boolean idleTimeoutChanged() {
    return idleTimeoutChanged;
  }

  Map<String, byte[]> puts() {
    return puts;
  }

  Set<String> removals() {
    return removals;
  }

  long createdAtMillis() {
    return createdAt;
  }

  long lastAccessedAtMillis() {
    return lastAccessedAt;
  }

  long authenticatedAtMillis() {
    return authenticatedAt;
  }

  boolean isTouched() {
    return touched;
  }

  void touch(long now) {
    lastAccessedAt = now;
    touched = true;
  }

  /** After a successful commit: the store now holds this state under {@link #id()}. */
  void committed(long newVersion) {
    if (cleared || !puts.isEmpty() || !removals.isEmpty()) {
      // One private copy, read-only from here on (no second copy: it runs on every request that
      // changes an attribute).
      Map<String, byte[]> merged = new HashMap<>(cleared ? Map.of() : stored);
      merged.keySet().removeAll(removals);
      merged.putAll(puts);
      decoded.putAll(putValues);
      decoded.keySet().retainAll(merged.keySet());
      stored = Collections.unmodifiableMap(merged);
      puts.clear();
      putValues.clear();
      removals.clear();
    }
    cleared = false;
    userChanged = false;
    idleTimeoutChanged = false;
    touched = false;
    storedId = id;
    version = newVersion;
  }

  /** After the stored session was dropped. */
  void dropped() {
    storedId = null;
  }

  private void requireUsable() {
    if (invalidated) {
      throw new IllegalStateException("session was invalidated in this request");
    }
  }

  @Override
  public String toString() {
    return "Session(user=" + user + ", new=" + isNew() + ", attributes=" + attributeNames() + ")";
  }
}
