package dev.sojourn.store;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * One commit's worth of change to one session: what a request changed, and nothing else, so that
 * two requests changing different attributes of one session both land.
 *
 * <p>A change is either a {@link Kind#CREATE} (create-if-absent: the store holds no live session
 * under the ID) or an {@link Kind#UPDATE} (update-if-present: the store holds a live one; a commit
 * never brings back a session that was dropped, expired or rotated away). An update may carry an
 * expected version (compare-and-set), a rotation to a new ID and CSRF token, a new user, attribute
 * puts and removals, and always carries a new time to live, which sets the deadline to the store's
 * now plus the TTL. An update that carries none of these but the TTL and access time is a touch.
 *
 * <p>The builder does not check the three things the store contract makes every store reject (an
 * empty ID, a non-positive TTL, and a null change), so that stores and their tests can see them;
 * {@link #requireValid} does, with the messages every store uses.
 *
 * <p>Each change has a {@linkplain #commitId() commit identity}, drawn at random when it is built:
 * a store that can lose a reply (a network store) keeps the identity of the last commit it applied
 * to a session and answers a repeat of that commit with the earlier result instead of applying it
 * twice. Committing the same change object again after a {@link StoreException} is therefore safe
 * on such a store (see the store's documentation for what it guarantees); building a new change
 * with the same content gives a new identity, and is a new commit.
 *
 * <p>Immutable and thread-safe. Attribute byte arrays are shared, not copied: treat them as
 * read-only.
 */
public final class SessionChange {
  /** The value of {@link #expectedVersion()} for a commit that is not a compare-and-set. */
  public static final long ANY_VERSION = -1;

  /** Whether the commit creates a session or updates one. */
  public enum Kind {
    /** Create-if-absent. */
    CREATE,
    /** Update-if-present. */
    UPDATE
  }

  private final Kind kind;
  private final String id;
  private final @Nullable String newId;
  private final @Nullable String csrfToken;
  private final long createdAt;
  private final boolean userChanged;
  private final @Nullable String user;
  private final long authenticatedAt;
  private final long lastAccessedAt;
  private final boolean clearAttributes;
  private final Map<String, byte[]> puts;
  private final @Nullable String onlyPutName;
  private final byte @Nullable [] onlyPutValue;
  private final Set<String> removals;
  private final long expectedVersion;
  private final Duration ttl;
  private final boolean idleTimeoutChanged;
  private final long idleTimeout;
  private final long commitIdHigh;
  private final long commitIdLow;

  private SessionChange(Builder b) {
    this.kind = b.kind;
    this.id = b.id;
    this.newId = b.newId;
    this.csrfToken = b.csrfToken;
    this.createdAt = b.createdAt;
    this.userChanged = b.userChanged;
    this.user = b.user;
    this.authenticatedAt = b.authenticatedAt;
    this.lastAccessedAt = b.lastAccessedAt;
    this.clearAttributes = b.clearAttributes;
    // One put, the common case, never allocated a map in the builder: it becomes a one-entry map
    // here, and applyTo reads its name and value without iterating.
    if (b.puts != null) {
      this.puts = Map.copyOf(b.puts);
      this.onlyPutName = null;
      this.onlyPutValue = null;
    } else if (b.putName != null && b.putValue != null) {
      this.puts = Map.of(b.putName, b.putValue);
      this.onlyPutName = b.putName;
      this.onlyPutValue = b.putValue;
    } else {
      this.puts = Map.of();
      this.onlyPutName = null;
      this.onlyPutValue = null;
    }
    this.removals = b.removals == null ? Set.of() : Set.copyOf(b.removals);
    this.expectedVersion = b.expectedVersion;
    this.ttl = b.ttl;
    this.idleTimeoutChanged = b.idleTimeoutChanged;
    this.idleTimeout = b.idleTimeout;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    this.commitIdHigh = random.nextLong();
    this.commitIdLow = random.nextLong();
  }

  /**
   * Starts a create-if-absent change for a new session. Its access time starts at its creation
   * time; the store gives it version 1.
   *
   * @param id the new session's ID (an empty one is refused by {@link #requireValid})
   * @param csrfToken the new session's CSRF token
   * @param createdAtMillis the creation time, epoch milliseconds
   * @return a builder for the change
   * @throws NullPointerException if {@code id} or {@code csrfToken} is null
   */
  public static Builder create(String id, String csrfToken, long createdAtMillis) {
    Builder b = new Builder(Kind.CREATE, id);
    b.csrfToken = Objects.requireNonNull(csrfToken, "csrfToken");
    b.createdAt = createdAtMillis;
    b.lastAccessedAt = createdAtMillis;
    return b;
  }

  /**
   * Starts an update-if-present change to the session stored under {@code id}.
   *
   * @param id the ID the session is stored under now (an empty one is refused by {@link
   *     #requireValid})
   * @return a builder for the change; set at least its {@linkplain Builder#ttl TTL}
   * @throws NullPointerException if {@code id} is null
   */
  public static Builder update(String id) {
    return new Builder(Kind.UPDATE, id);
  }

  /**
   * Checks the store contract's preconditions and returns the change.
   *
   * @param change the change a store was asked to commit
   * @return {@code change}, unchanged
   * @throws NullPointerException {@code "change must not be null"}
   * @throws IllegalArgumentException {@code "session id must not be empty"}, {@code "ttl must be
   *     positive, was PT0S"}, or {@code "new session id must not be empty"}
   */
  public static SessionChange requireValid(@Nullable SessionChange change) {
    if (change == null) {
      throw new NullPointerException("change must not be null");
    }
    if (change.id.isEmpty()) {
      throw new IllegalArgumentException("session id must not be empty");
    }
    if (change.ttl.isNegative() || change.ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + change.ttl);
    }
    if (change.newId != null && change.newId.isEmpty()) {
      throw new IllegalArgumentException("new session id must not be empty");
    }
    return change;
  }

  /**
   * Applies this change to what a store holds, by the contract's rules; the reference semantics for
   * stores that apply changes in process. Call {@link #requireValid} first.
   *
   * @param current the stored snapshot under {@link #id()}, or null
   * @param nowMillis the store's clock
   * @return the snapshot to store under {@link #resultId()}
   * @throws SessionNotFoundException for an update when {@code current} is null or expired
   * @throws VersionConflictException when an expected version does not match
   * @throws IllegalStateException for a create over a live session (an ID collision)
   */
  public Snapshot applyTo(@Nullable Snapshot current, long nowMillis) {
    boolean live = current != null && !current.isExpiredAt(nowMillis);
    long expiresAt = deadlineAt(nowMillis);
    if (kind == Kind.CREATE) {
      if (live) {
        throw new IllegalStateException("a live session already exists under the new session id");
      }
      return new Snapshot(
          id,
          Objects.requireNonNull(csrfToken, "csrfToken"),
          user,
          createdAt,
          lastAccessedAt,
          authenticatedAt,
          expiresAt,
          1,
          idleTimeout,
          mergeAttributes(Map.of()));
    }
    if (current == null || !live) {
      throw new SessionNotFoundException("commit");
    }
    if (expectedVersion != ANY_VERSION && expectedVersion != current.version()) {
      throw new VersionConflictException(expectedVersion, current.version());
    }
    String nextCsrf = csrfToken != null ? csrfToken : current.csrfToken();
    boolean attributesChange = clearAttributes || !puts.isEmpty() || !removals.isEmpty();
    return new Snapshot(
        resultId(),
        nextCsrf,
        userChanged ? user : current.user(),
        current.createdAtMillis(),
        Math.max(current.lastAccessedAtMillis(), lastAccessedAt),
        userChanged ? authenticatedAt : current.authenticatedAtMillis(),
        expiresAt,
        changesData() ? current.version() + 1 : current.version(),
        idleTimeoutChanged ? idleTimeout : current.idleTimeoutMillis(),
        attributesChange
            ? mergeAttributes(clearAttributes ? Map.of() : current.attributes())
            : current.attributes());
  }

  /** The attributes after this change, unmodifiable; allocation-lean for the common small cases. */
  private Map<String, byte[]> mergeAttributes(Map<String, byte[]> base) {
    if (removals.isEmpty()) {
      if (base.isEmpty()) {
        return puts;
      }
      String name = onlyPutName;
      byte[] value = onlyPutValue;
      if (name != null && value != null && base.size() == 1) {
        if (base.containsKey(name)) {
          return puts;
        }
        Map.Entry<String, byte[]> kept = base.entrySet().iterator().next();
        return Map.of(kept.getKey(), kept.getValue(), name, value);
      }
    }
    Map<String, byte[]> merged = new HashMap<>(base);
    merged.keySet().removeAll(removals);
    merged.putAll(puts);
    return Map.copyOf(merged);
  }

  static long checkIdleTimeout(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException(
          "idleTimeoutMillis must be 0 (the manager's) or positive, was " + millis);
    }
    return millis;
  }

  /** {@return whether this change creates or updates a session} */
  public Kind kind() {
    return kind;
  }

  /** {@return the ID the session is stored under now (for a create, the new session's ID)} */
  public String id() {
    return id;
  }

  /** {@return the ID to rotate to, or null if this change does not rotate} */
  public @Nullable String newId() {
    return newId;
  }

  /** {@return the ID the session is stored under after the commit} */
  public String resultId() {
    return newId != null ? newId : id;
  }

  /**
   * {@return the CSRF token to store (a create's, or a rotation's new one), or null to keep the
   * stored one}
   */
  public @Nullable String csrfToken() {
    return csrfToken;
  }

  /** {@return a create's creation time, epoch milliseconds; 0 for an update} */
  public long createdAtMillis() {
    return createdAt;
  }

  /**
   * {@return whether this change sets the user (to {@link #user()}, which may be null: sign-out)}
   */
  public boolean userChanged() {
    return userChanged;
  }

  /** {@return the new user if {@link #userChanged()} (null: signed out); otherwise meaningless} */
  public @Nullable String user() {
    return user;
  }

  /**
   * {@return when the new user signed in, epoch milliseconds, or {@link Snapshot#NEVER} (no user,
   * or the user is not changed)}
   */
  public long authenticatedAtMillis() {
    return authenticatedAt;
  }

  /**
   * {@return the request's access time, epoch milliseconds; stores keep the latest they have seen}
   */
  public long lastAccessedAtMillis() {
    return lastAccessedAt;
  }

  /** {@return whether all stored attributes are removed before {@link #puts()} are applied} */
  public boolean clearAttributes() {
    return clearAttributes;
  }

  /**
   * {@return the attributes to set, encoded, by name; an immutable map whose byte arrays are shared
   * (read-only)}
   */
  public Map<String, byte[]> puts() {
    return puts;
  }

  /** {@return the attribute names to remove; an immutable set, disjoint from {@link #puts()}} */
  public Set<String> removals() {
    return removals;
  }

  /**
   * Whether this change sets the session's own idle timeout (to {@link #idleTimeoutMillis()}). A
   * create always carries one ({@link Snapshot#DEFAULT_IDLE_TIMEOUT} unless set).
   *
   * @return true if the idle timeout was set on the builder
   */
  public boolean idleTimeoutChanged() {
    return idleTimeoutChanged;
  }

  /**
   * The session's own idle timeout in milliseconds if {@link #idleTimeoutChanged()} (or for a
   * create), {@link Snapshot#DEFAULT_IDLE_TIMEOUT} to follow the manager's; see {@link
   * Snapshot#idleTimeoutMillis()}. Stores keep it with the session; setting it counts as a change
   * of data (the version moves), so that no store's touch-only path can drop it.
   *
   * @return the idle timeout in milliseconds, 0 or positive
   */
  public long idleTimeoutMillis() {
    return idleTimeout;
  }

  /** {@return the version the commit expects the store to hold, or {@link #ANY_VERSION}} */
  public long expectedVersion() {
    return expectedVersion;
  }

  /**
   * This change's commit identity: 16 bytes drawn at random when the change was built (a new array
   * on each call). Stores that can lose a reply use it to recognise a repeat of the same commit;
   * the others ignore it. It only has to tell this commit from the other commits of the same
   * session, not to be secret: it is drawn from {@link ThreadLocalRandom} (cheap, no lock), so two
   * different commits of one session share it with a probability near 2<sup>-64</sup>.
   *
   * @return a new 16-byte copy of the identity
   */
  public byte[] commitId() {
    byte[] id = new byte[16];
    for (int i = 0; i < 8; i++) {
      id[i] = (byte) (commitIdHigh >>> (56 - 8 * i));
      id[8 + i] = (byte) (commitIdLow >>> (56 - 8 * i));
    }
    return id;
  }

  /**
   * {@return the time to live from the store's now: the new deadline; {@link Duration#ZERO} if the
   * builder was given none (refused by {@link #requireValid})}
   */
  public Duration ttl() {
    return ttl;
  }

  /**
   * The TTL in whole milliseconds, rounded up so that a positive TTL never rounds to zero, and
   * saturated: a TTL longer than {@code Long.MAX_VALUE} ms (up to {@code
   * Duration.ofSeconds(Long.MAX_VALUE)}) gives {@code Long.MAX_VALUE}, never an {@code
   * ArithmeticException}.
   *
   * @return the TTL in milliseconds
   */
  public long ttlMillis() {
    return roundedUpMillis(ttl);
  }

  /**
   * The deadline this change sets when applied at {@code nowMillis}: now plus {@link #ttlMillis()},
   * saturated at {@code Long.MAX_VALUE} (a deadline that never comes) instead of wrapping into the
   * past. Every store computes its deadline with this, so a huge TTL means "never expires" on all
   * of them; we saturate rather than reject because any positive TTL is a meaningful request and
   * the Redis store already saturated.
   *
   * @param nowMillis the store's clock, epoch milliseconds
   * @return the deadline, epoch milliseconds
   */
  public long deadlineAt(long nowMillis) {
    return saturatedAdd(nowMillis, ttlMillis());
  }

  /** {@code duration} in whole milliseconds rounded up, saturated at the range of a long. */
  static long roundedUpMillis(Duration duration) {
    try {
      long millis = duration.toMillis();
      // toMillis floors; a part of a millisecond left over rounds up.
      return duration.getNano() % 1_000_000 == 0 ? millis : Math.addExact(millis, 1);
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** {@code a + b}, saturated at {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE}. */
  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  /**
   * Whether this change alters the user, the ID, an attribute or the session's own idle timeout
   * (and so the version): a change for which this is false is a touch.
   *
   * @return true for every create, and for an update that changes more than the deadline and access
   *     time
   */
  public boolean changesData() {
    return kind == Kind.CREATE
        || newId != null
        || userChanged
        || clearAttributes
        || idleTimeoutChanged
        || !puts.isEmpty()
        || !removals.isEmpty();
  }

  @Override
  public String toString() {
    return "SessionChange("
        + kind
        + (newId != null ? ", rotate" : "")
        + (userChanged ? ", user=" + user : "")
        + (clearAttributes ? ", clear" : "")
        + ", puts="
        + puts.keySet()
        + ", removals="
        + removals
        + ", expectedVersion="
        + expectedVersion
        + ", ttl="
        + ttl
        + (idleTimeoutChanged ? ", idleTimeoutMillis=" + idleTimeout : "")
        + ")";
  }

  /** Builds a {@link SessionChange}. Not thread-safe. */
  public static final class Builder {
    private final Kind kind;
    private final String id;
    private @Nullable String newId;
    private @Nullable String csrfToken;
    private long createdAt;
    private boolean userChanged;
    private @Nullable String user;
    private long authenticatedAt = Snapshot.NEVER;
    private long lastAccessedAt;
    private boolean clearAttributes;
    // The first attribute put is held in two fields; a map replaces them from a second name on.
    private @Nullable String putName;
    private byte @Nullable [] putValue;
    private @Nullable Map<String, byte[]> puts;
    private @Nullable Set<String> removals;
    private long expectedVersion = ANY_VERSION;
    private Duration ttl = Duration.ZERO;
    private boolean idleTimeoutChanged;
    private long idleTimeout = Snapshot.DEFAULT_IDLE_TIMEOUT;

    private Builder(Kind kind, String id) {
      this.kind = kind;
      this.id = Objects.requireNonNull(id, "id");
    }

    /**
     * Rotates the session to a new ID and CSRF token.
     *
     * @param newId the ID to store the session under (an empty one is refused by {@link
     *     SessionChange#requireValid}); the old ID is dead after the commit
     * @param newCsrfToken the session's new CSRF token
     * @return this builder
     * @throws NullPointerException if {@code newId} or {@code newCsrfToken} is null
     * @throws IllegalStateException on a create: a new session has nothing to rotate
     */
    public Builder rotateTo(String newId, String newCsrfToken) {
      if (kind == Kind.CREATE) {
        throw new IllegalStateException("a create cannot rotate: it already has a fresh id");
      }
      this.newId = Objects.requireNonNull(newId, "newId");
      this.csrfToken = Objects.requireNonNull(newCsrfToken, "newCsrfToken");
      return this;
    }

    /**
     * Sets the user (null signs out) and when they signed in.
     *
     * @param user the user's name, or null for none
     * @param authenticatedAtMillis the sign-in time, epoch milliseconds; ignored (stored as {@link
     *     Snapshot#NEVER}) when {@code user} is null
     * @return this builder
     */
    public Builder user(@Nullable String user, long authenticatedAtMillis) {
      this.userChanged = true;
      this.user = user;
      this.authenticatedAt = user == null ? Snapshot.NEVER : authenticatedAtMillis;
      return this;
    }

    /**
     * Sets the access time. On an update the store keeps the later of this and the stored one.
     *
     * @param millis the request's access time, epoch milliseconds
     * @return this builder
     */
    public Builder lastAccessedAt(long millis) {
      this.lastAccessedAt = millis;
      return this;
    }

    /**
     * Removes every stored attribute before the puts are applied.
     *
     * @return this builder
     */
    public Builder clearAttributes() {
      this.clearAttributes = true;
      return this;
    }

    /**
     * Sets an encoded attribute; cancels an earlier removal of the same name, and replaces an
     * earlier put.
     *
     * @param name the attribute's name
     * @param value the encoded value, shared (not copied): do not change it afterwards
     * @return this builder
     * @throws NullPointerException if {@code name} or {@code value} is null
     */
    public Builder put(String name, byte[] value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (removals != null) {
        removals.remove(name);
      }
      if (puts == null && (putName == null || putName.equals(name))) {
        putName = name;
        putValue = value;
        return this;
      }
      if (puts == null) {
        puts = new HashMap<>(4);
        puts.put(Objects.requireNonNull(putName), Objects.requireNonNull(putValue));
        putName = null;
        putValue = null;
      }
      puts.put(name, value);
      return this;
    }

    /**
     * Removes an attribute; cancels an earlier put of the same name. Removing an attribute the
     * session does not hold is not an error.
     *
     * @param name the attribute's name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder remove(String name) {
      Objects.requireNonNull(name, "name");
      if (puts != null) {
        puts.remove(name);
      } else if (name.equals(putName)) {
        putName = null;
        putValue = null;
      }
      if (removals == null) {
        removals = new HashSet<>(4);
      }
      removals.add(name);
      return this;
    }

    /**
     * Makes the commit a compare-and-set on the stored version: the store refuses it with {@link
     * VersionConflictException} if it holds another version.
     *
     * @param version the version read, or {@link SessionChange#ANY_VERSION} for no check
     * @return this builder
     */
    public Builder expectVersion(long version) {
      this.expectedVersion = version;
      return this;
    }

    /**
     * Sets the time to live from the store's now. Any positive duration works: one longer than
     * {@code Long.MAX_VALUE} ms saturates (see {@link SessionChange#deadlineAt}); a zero or
     * negative one is refused at commit by {@link SessionChange#requireValid}.
     *
     * @param ttl the time to live
     * @return this builder
     * @throws NullPointerException if {@code ttl} is null
     */
    public Builder ttl(Duration ttl) {
      this.ttl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /**
     * Sets the session's own idle timeout in milliseconds: {@link Snapshot#DEFAULT_IDLE_TIMEOUT} to
     * follow the manager's again, {@link Long#MAX_VALUE} for never idling out.
     *
     * @param millis the idle timeout, 0 or positive
     * @return this builder
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public Builder idleTimeoutMillis(long millis) {
      this.idleTimeout = checkIdleTimeout(millis);
      this.idleTimeoutChanged = true;
      return this;
    }

    /** {@return a new immutable change; the builder stays usable} */
    public SessionChange build() {
      return new SessionChange(this);
    }
  }
}
