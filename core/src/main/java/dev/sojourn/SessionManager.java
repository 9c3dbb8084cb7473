package dev.sojourn;

import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.codec.CodecException;
import dev.sojourn.store.ExpiryEvents;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.UserIndex;
import dev.sojourn.store.VersionConflictException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Opens, commits and ends sessions over a {@link SessionStore}. Immutable and thread-safe; build
 * one per application with {@link #builder()}.
 *
 * <p><b>Timeouts.</b> A session is served strictly before its deadline: the earlier of its last
 * write plus the idle timeout and its creation plus the absolute timeout. A request that reads a
 * session writes its access time back only when the last write is at least the touch interval old;
 * so the idle timeout is measured from the last write, and a session idle for longer than {@code
 * idleTimeout} is never served, while one in use may end up to one touch interval early.
 *
 * <p>A session may carry its <b>own idle timeout</b> ({@link Session#idleTimeout(Duration)}, the
 * {@code HttpSession.setMaxInactiveInterval} of the servlet view), stored with it: every deadline
 * this manager computes for it (commit, touch, the liveness check on open) then uses that instead
 * of the manager's, still capped by the absolute timeout, and its touch interval shrinks to at most
 * a tenth of it, so a short own timeout is not outrun by the manager's touch interval.
 *
 * <p><b>Strict mode.</b> {@link #open} never adopts an ID it did not issue: an absent, malformed,
 * unknown or expired ID yields a fresh session under a new ID, and a malformed ID never reaches the
 * store. <b>Lazy creation</b>: a fresh session is stored only once it holds a user or an attribute.
 *
 * <p><b>Bad data.</b> A stored session whose attributes cannot be decoded counts as absent: it is
 * logged, counted in {@link #undecodableSessions()}, and the caller gets a fresh session (the
 * stored one is left alone to expire). Store failures ({@code StoreException}) propagate: Sojourn
 * fails closed.
 *
 * <p>The seed's four operations ({@link #createSession}, {@link #getSessionData}, {@link
 * #updateSessionData}, {@link #cleanSession}) are here too, for callers that are not HTTP servers.
 */
public final class SessionManager implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SessionManager.class.getName());

  private final SessionStore store;
  private final InstantSource clock;
  private final Duration idleTimeout;
  private final Duration absoluteTimeout;
  private final Duration touchInterval;
  private final long idleMillis;
  private final long absoluteMillis;
  private final long touchMillis;
  private final AttributeCodec codec;
  private final TokenGenerator tokens;
  private final Listeners listeners;
  private final int maxAttempts;
  private final @Nullable UserSessionCap userCap;
  private final Backoff backoff;
  private final Observer observer;
  private final AtomicLong undecodable = new AtomicLong();

  private SessionManager(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store");
    this.clock = b.clock;
    this.idleTimeout = b.idleTimeout;
    this.absoluteTimeout = b.absoluteTimeout;
    this.touchInterval =
        b.touchInterval != null ? b.touchInterval : defaultTouchInterval(b.idleTimeout);
    this.idleMillis = saturatedMillis(idleTimeout);
    this.absoluteMillis = saturatedMillis(absoluteTimeout);
    this.touchMillis = saturatedMillis(touchInterval);
    this.codec = b.codec;
    this.tokens = b.tokens;
    this.listeners = new Listeners(List.copyOf(b.listeners));
    this.maxAttempts = b.maxAttempts;
    this.userCap =
        b.maxSessionsPolicy == null
            ? null
            : new UserSessionCap(b.maxSessionsPerUser, b.maxSessionsPolicy, (UserIndex) store);
    this.backoff = new Backoff(b.backoff, b.maxBackoff, b.pause);
    this.observer = new Observer(store, b.metrics);
    if (store instanceof ExpiryEvents events) {
      events.addExpiryListener(
          last -> {
            observer.expired(clock.millis() - last.expiresAtMillis());
            listeners.expired(last);
          });
    }
  }

  /**
   * Returns a builder. Only the store is required.
   *
   * @return a new builder with every default in place
   */
  public static Builder builder() {
    return new Builder();
  }

  static Duration defaultTouchInterval(Duration idle) {
    Duration tenth = idle.dividedBy(10);
    return tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
  }

  /**
   * Returns a fresh session, not stored yet: the seed's {@code New()}. Reads no store.
   *
   * @return a session under a new ID, stored by {@link #commit} once it holds a user or an
   *     attribute
   */
  public Session newSession() {
    return new Session(codec, tokens, clock.millis());
  }

  /**
   * Opens the session a request names: the live stored session under {@code id}, touched if its
   * last write is a touch interval old, or else a fresh one under a new ID (strict mode).
   *
   * @param id the ID the request sent; null, malformed, unknown or expired yields a fresh session
   * @return the request's session, never null; {@link Session#isNew()} tells a fresh one
   * @throws dev.sojourn.store.StoreException if the store cannot answer
   */
  public Session open(@Nullable String id) {
    long now = clock.millis();
    Live live = loadLive(id, now);
    if (live == null) {
      return new Session(codec, tokens, now);
    }
    Session session = new Session(codec, tokens, now, live.snapshot(), live.values());
    if (now >= plus(live.snapshot().lastAccessedAtMillis(), touchIntervalFor(session))) {
      session.touch(now);
    }
    return session;
  }

  /**
   * Writes what this request changed: nothing for an unchanged session inside the touch window or a
   * fresh one that holds nothing (lazy creation); a drop for an invalidated one; otherwise one
   * store commit carrying only the delta. Changes by other requests to other attributes survive.
   *
   * @param session a session this manager opened or created, at the end of its request
   * @throws SessionNotFoundException if the stored session ended meanwhile (dropped, expired,
   *     rotated by another request): the change was not applied, nothing was resurrected
   * @throws dev.sojourn.store.StoreException if the store cannot answer
   */
  public void commit(Session session) {
    commit(session, false);
  }

  /**
   * Like {@link #commit}, but applies only if the stored session is still at the version this copy
   * was loaded at (compare-and-set).
   *
   * @param session a session this manager opened, at the end of its request
   * @throws SessionNotFoundException as {@link #commit} does
   * @throws VersionConflictException if another request changed the session first; retry by loading
   *     again, or use {@link #modify}
   */
  public void commitIfUnchanged(Session session) {
    commit(session, true);
  }

  /**
   * Applies {@code mutation} to the live session under {@code id} with compare-and-set, reloading
   * and re-applying on conflict, up to {@linkplain Builder#maxAttempts the configured number of
   * attempts}; returns what the mutation returned on the attempt that landed. The mutation may run
   * more than once: it must change only the session it is given.
   *
   * <p>Between attempts it backs off exponentially with full jitter: the {@code n}-th retry waits a
   * uniformly random time between zero and {@code min(maxBackoff, backoff * 2^(n-1))}, so that
   * requests that conflicted once do not collide again in lockstep. With the defaults (64 attempts,
   * 100 microseconds doubling up to 20 ms) a counter incremented by 8 threads at once never ran out
   * of attempts (docs/concurrency.md has the measurements); the longest a call can wait in total is
   * about 63 x 20 ms. An interrupt during the back-off ends the retries: the conflict is thrown
   * with the thread's interrupt status set.
   *
   * @param <R> what the mutation returns
   * @param id the session's ID
   * @param mutation changes the session it is given and returns a result; a runtime exception it
   *     throws ends the call at once, and nothing of that attempt is written
   * @return the mutation's result on the attempt that was written
   * @throws SessionNotFoundException if there is no live session under {@code id}
   * @throws VersionConflictException if every attempt conflicted, or the thread was interrupted
   *     while backing off
   */
  public <R> R modify(String id, Function<? super Session, R> mutation) {
    for (int attempt = 1; ; attempt++) {
      long now = clock.millis();
      Live live = loadLive(id, now);
      if (live == null) {
        throw new SessionNotFoundException("modify");
      }
      Session session = new Session(codec, tokens, now, live.snapshot(), live.values());
      session.touch(now);
      R result = mutation.apply(session);
      try {
        commit(session, true);
        return result;
      } catch (VersionConflictException e) {
        if (attempt >= maxAttempts) {
          throw e;
        }
        backoff.before(attempt + 1);
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
      }
    }
  }

  /**
   * Ends the session under {@code id}: dropped from the store, {@code destroyed} delivered if it
   * was live. Idempotent; a malformed ID is ignored without reaching the store.
   *
   * @param id the session's ID
   * @throws dev.sojourn.store.StoreException if the store cannot answer
   */
  public void destroy(String id) {
    if (TokenGenerator.isWellFormed(id)) {
      dropAndReport(id);
    }
  }

  // ---- a user's sessions ----

  /**
   * Returns the live sessions of {@code user}, in no particular order.
   *
   * @param user the user's name, as the session holds it
   * @return copies of the sessions' stored state; empty if the user has none
   * @throws NullPointerException if {@code user} is null
   * @throws UnsupportedOperationException if the store does not implement {@link UserIndex}, or
   *     cannot list by user as configured (the Redis store needs an {@code idKey} for it)
   */
  public List<Snapshot> sessionsOf(String user) {
    return userIndex().sessionsOf(Objects.requireNonNull(user, "user"));
  }

  /**
   * Ends the session {@code id} if it belongs to {@code user} (so that a user can only revoke their
   * own sessions); returns whether it ended one.
   *
   * @param user the user the session must belong to
   * @param id the session's ID
   * @return true if it ended a live session of {@code user}; false if there was none under {@code
   *     id}, or it belongs to someone else
   * @throws NullPointerException if {@code user} is null
   * @throws UnsupportedOperationException if the store does not implement {@link UserIndex}
   */
  public boolean revoke(String user, String id) {
    for (Snapshot snapshot : sessionsOf(user)) {
      if (snapshot.id().equals(id)) {
        return dropAndReport(id);
      }
    }
    return false;
  }

  /**
   * Ends every session of {@code user} ("sign out everywhere"); returns how many it ended.
   *
   * @param user the user to sign out
   * @return how many live sessions it ended
   * @throws NullPointerException if {@code user} is null
   * @throws UnsupportedOperationException if the store does not implement {@link UserIndex}
   */
  public int revokeAll(String user) {
    return revokeOthers(user, "");
  }

  /**
   * Ends every session of {@code user} but {@code keepId} ("sign out other devices"); returns how
   * many it ended.
   *
   * @param user the user to sign out
   * @param keepId the session to keep (the caller's own); an empty string keeps none
   * @return how many live sessions it ended
   * @throws NullPointerException if {@code user} or {@code keepId} is null
   * @throws UnsupportedOperationException if the store does not implement {@link UserIndex}
   */
  public int revokeOthers(String user, String keepId) {
    List<String> ended =
        userIndex()
            .revokeSessionsOf(
                Objects.requireNonNull(user, "user"), Objects.requireNonNull(keepId, "keepId"));
    for (String id : ended) {
      observer.destroyed();
      listeners.destroyed(id);
    }
    return ended.size();
  }

  private UserIndex userIndex() {
    if (store instanceof UserIndex index) {
      return index;
    }
    throw new UnsupportedOperationException(
        store.getClass().getName()
            + " does not implement UserIndex: it cannot list sessions by user");
  }

  private boolean dropAndReport(String id) {
    if (observer.drop(id)) {
      observer.destroyed();
      listeners.destroyed(id);
      return true;
    }
    return false;
  }

  // ---- the seed's operations ----

  /**
   * Creates and stores an empty session at once, and returns its ID: the seed's {@code
   * CreateSession}. (HTTP requests use {@link #open}, which creates lazily.)
   *
   * @return the new session's ID
   * @throws dev.sojourn.store.StoreException if the store cannot answer
   */
  public String createSession() {
    Session session = newSession();
    long now = clock.millis();
    String id = session.id();
    observer.commit(
        SessionChange.create(id, session.csrfToken(), now)
            .ttl(ttlAt(now, now, idleMillis))
            .build());
    observer.created();
    listeners.created(id);
    return id;
  }

  /**
   * Returns a copy of the session's data: the seed's {@code GetSessionData}. The map is
   * unmodifiable and detached from the store: later changes do not show through it, and it cannot
   * be used to change the session. Does not restart the idle timer.
   *
   * @param id the session's ID
   * @return the session's attributes, decoded
   * @throws SessionNotFoundException if there is no live session under {@code id}
   */
  public Map<String, Object> getSessionData(String id) {
    Live live = loadLive(id, clock.millis());
    if (live == null) {
      throw new SessionNotFoundException("getSessionData");
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(live.values()));
  }

  /**
   * Replaces the session's data with {@code data} and restarts its idle timer: the seed's {@code
   * UpdateSessionData}. The map is copied; values must be of types the codec supports.
   *
   * @param id the session's ID
   * @param data the new attributes, replacing every old one; no null key or value
   * @throws NullPointerException if a key or value of {@code data} is null (nothing is written)
   * @throws SessionNotFoundException if there is no live session under {@code id}
   * @throws CodecException if a value cannot be encoded (nothing is written)
   */
  public void updateSessionData(String id, Map<String, ?> data) {
    long now = clock.millis();
    Live live = loadLive(id, now);
    if (live == null) {
      throw new SessionNotFoundException("updateSessionData");
    }
    SessionChange.Builder change = SessionChange.update(id).clearAttributes().lastAccessedAt(now);
    data.forEach(
        (name, value) ->
            change.put(
                Objects.requireNonNull(name, "data key"),
                codec.encode(
                    Objects.requireNonNull(value, () -> "data value for '" + name + "'"))));
    long ttl =
        ttlAt(
                live.snapshot().createdAtMillis(),
                now,
                idleMillisFor(live.snapshot().idleTimeoutMillis()))
            .toMillis();
    if (ttl <= 0) {
      throw new SessionNotFoundException("updateSessionData");
    }
    observer.commit(change.ttl(Duration.ofMillis(ttl)).build());
  }

  /**
   * Removes the session: the seed's {@code CleanSession}. Idempotent; same as {@link #destroy}.
   *
   * @param id the session's ID
   */
  public void cleanSession(String id) {
    destroy(id);
  }

  // ---- configuration ----

  /**
   * The idle timeout.
   *
   * @return the manager's idle timeout, for sessions without their own
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * The idle timeout in effect for {@code session}: its own ({@link Session#idleTimeout()}) if it
   * has one, else this manager's. {@link Session#NO_IDLE_TIMEOUT} means it never idles out; the
   * absolute timeout caps it either way.
   *
   * @param session a session of this manager
   * @return the idle timeout that decides its deadline
   */
  public Duration idleTimeoutOf(Session session) {
    long own = session.idleTimeoutMillis();
    return own == Snapshot.DEFAULT_IDLE_TIMEOUT ? idleTimeout : Duration.ofMillis(own);
  }

  /**
   * The absolute timeout, from creation.
   *
   * @return the absolute timeout
   */
  public Duration absoluteTimeout() {
    return absoluteTimeout;
  }

  /**
   * The touch interval: how old the last write must be before a read writes the access time.
   *
   * @return the configured interval, or the default computed from the idle timeout
   */
  public Duration touchInterval() {
    return touchInterval;
  }

  /**
   * The store.
   *
   * @return the store this manager owns (and closes)
   */
  public SessionStore store() {
    return store;
  }

  /**
   * The clock.
   *
   * @return the clock every deadline is computed with
   */
  public InstantSource clock() {
    return clock;
  }

  /**
   * The attribute codec, for code that reads a stored {@link Snapshot}'s attributes outside a
   * session (the servlet integration's expiry events).
   *
   * @return the attribute codec
   */
  public AttributeCodec codec() {
    return codec;
  }

  /**
   * How many stored sessions could not be decoded and were treated as absent.
   *
   * @return the count since this manager was built
   */
  public long undecodableSessions() {
    return undecodable.get();
  }

  /** Closes the store. */
  @Override
  public void close() {
    store.close();
  }

  // ---- internals ----

  /** A live stored session and its attributes, decoded once. */
  private record Live(Snapshot snapshot, Map<String, Object> values) {}

  /**
   * The live session under {@code id}, its attributes decoded (the check that they decode is the
   * decoding itself, so nothing is decoded twice); null if absent, expired, malformed or
   * undecodable.
   */
  private @Nullable Live loadLive(@Nullable String id, long now) {
    if (id == null || !TokenGenerator.isWellFormed(id)) {
      return null;
    }
    Snapshot snapshot = observer.load(id);
    if (snapshot == null
        || snapshot.isExpiredAt(now)
        || now >= plus(snapshot.lastAccessedAtMillis(), idleMillisFor(snapshot.idleTimeoutMillis()))
        || now >= plus(snapshot.createdAtMillis(), absoluteMillis)) {
      return null;
    }
    Map<String, Object> values = new HashMap<>();
    try {
      snapshot.attributes().forEach((name, bytes) -> values.put(name, codec.decode(bytes)));
    } catch (CodecException e) {
      undecodable.incrementAndGet();
      observer.undecodable();
      LOG.log(Level.WARNING, "stored session cannot be decoded; treating it as absent: {0}", e);
      return null;
    }
    return new Live(snapshot, values);
  }

  /**
   * The TTL a write at {@code now} gets: the idle timeout in effect, capped by the absolute
   * deadline. Deadlines saturate at {@code Long.MAX_VALUE} (never), so no timeout, however long,
   * wraps into the past.
   */
  private Duration ttlAt(long createdAt, long now, long idleMillis) {
    long idleDeadline = plus(now, idleMillis);
    long absoluteDeadline = plus(createdAt, absoluteMillis);
    // A clock reading is far from Long.MIN_VALUE: its negation cannot overflow.
    return Duration.ofMillis(plus(Math.min(idleDeadline, absoluteDeadline), -now));
  }

  /** {@code duration} in milliseconds, saturated at {@code Long.MAX_VALUE}. */
  static long saturatedMillis(Duration duration) {
    return duration.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0
        ? Long.MAX_VALUE
        : duration.toMillis();
  }

  /** {@code a + b}, saturated at the range of a long instead of wrapping. */
  static long plus(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  /** The idle timeout in ms for a session whose own one is {@code ownMillis} (0: the manager's). */
  private long idleMillisFor(long ownMillis) {
    return ownMillis == Snapshot.DEFAULT_IDLE_TIMEOUT ? idleMillis : ownMillis;
  }

  /** The touch interval for {@code session}: at most a tenth of its own idle timeout. */
  private long touchIntervalFor(Session session) {
    long own = session.idleTimeoutMillis();
    long interval = touchMillis;
    return own == Snapshot.DEFAULT_IDLE_TIMEOUT ? interval : Math.min(interval, own / 10);
  }

  private void commit(Session session, boolean compareAndSet) {
    String storedId = session.storedId();
    if (session.isInvalidated()) {
      if (storedId != null) {
        session.dropped();
        dropAndReport(storedId);
      }
      return;
    }
    long now = clock.millis();
    Duration ttl =
        ttlAt(session.createdAtMillis(), now, idleMillisFor(session.idleTimeoutMillis()));
    String signingIn = userCap != null && session.userChanged() ? session.user() : null;
    if (storedId == null) {
      if (!session.isWorthStoring()) {
        return;
      }
      if (signingIn != null) {
        capUser(signingIn, null, null);
      }
      SessionChange.Builder change =
          SessionChange.create(session.id(), session.csrfToken(), session.createdAtMillis());
      session.committed(observer.commit(fill(change, session, now, ttl).build()));
      observer.created();
      listeners.created(session.id());
      if (signingIn != null) {
        capUser(signingIn, null, session.id());
      }
      return;
    }
    boolean changesData =
        session.isRotated()
            || session.userChanged()
            || session.hasAttributeChanges()
            || session.idleTimeoutChanged();
    if (!changesData && !session.isTouched()) {
      return;
    }
    if (ttl.isNegative() || ttl.isZero()) {
      // Past the absolute deadline: the session is over, whatever this request wanted.
      observer.drop(storedId);
      session.dropped();
      throw new SessionNotFoundException("commit");
    }
    SessionChange.Builder change = SessionChange.update(storedId);
    if (session.isRotated()) {
      change.rotateTo(session.id(), session.csrfToken());
    }
    if (compareAndSet) {
      change.expectVersion(session.version());
    }
    if (signingIn != null) {
      capUser(signingIn, storedId, null);
    }
    long version = observer.commit(fill(change, session, now, ttl).build());
    session.committed(version);
    if (!storedId.equals(session.id())) {
      observer.rotated();
      listeners.rotated(storedId, session.id());
    }
    if (signingIn != null) {
      capUser(signingIn, storedId, session.id());
    }
  }

  /**
   * Enforces {@link Builder#maxSessionsPerUser} for a commit that signs {@code user} in: before it
   * ({@code committedId} null), refuses a user at the cap; after it, ends the oldest sessions, or
   * undoes a sign-in that lost a race for the last place.
   */
  private void capUser(String user, @Nullable String storedId, @Nullable String committedId) {
    UserSessionCap cap = Objects.requireNonNull(userCap);
    if (committedId == null) {
      cap.admit(user, storedId);
    } else if (!cap.refuses()) {
      cap.surplus(user, committedId).forEach(this::dropAndReport);
    } else if (cap.lostTheRace(user, committedId)) {
      dropAndReport(committedId);
      throw new TooManySessionsException(
          user,
          cap.maximum(),
          "a concurrent sign-in took the last place; this session was stored and then ended");
    }
  }

  private static SessionChange.Builder fill(
      SessionChange.Builder change, Session session, long now, Duration ttl) {
    change.lastAccessedAt(now).ttl(ttl);
    if (session.userChanged()) {
      change.user(session.user(), session.authenticatedAtMillis());
    }
    if (session.isCleared()) {
      change.clearAttributes();
    }
    if (session.idleTimeoutChanged()) {
      change.idleTimeoutMillis(session.idleTimeoutMillis());
    }
    session.removals().forEach(change::remove);
    session.puts().forEach(change::put);
    return change;
  }

  /**
   * Builds a {@link SessionManager}. Each option can be set once; a second call, a null, or a value
   * out of range fails at once with a message that names the option. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable SessionStore store;
    private InstantSource clock = InstantSource.system();
    private Duration idleTimeout = Duration.ofMinutes(30);
    private Duration absoluteTimeout = Duration.ofHours(12);
    private @Nullable Duration touchInterval;
    private AttributeCodec codec = AttributeCodec.defaults();
    private TokenGenerator tokens = TokenGenerator.secure();
    private final List<SessionListener> listeners = new ArrayList<>();
    private SessionMetrics metrics = SessionMetrics.NONE;
    private int maxAttempts = 64;
    private Duration backoff = Duration.ofNanos(100_000);
    private Duration maxBackoff = Duration.ofMillis(20);
    private Backoff.Pause pause = LockSupport::parkNanos;
    private int maxSessionsPerUser;
    private @Nullable MaxSessionsPolicy maxSessionsPolicy;
    private final Set<String> set = new HashSet<>();

    private Builder() {}

    /**
     * The store (required). The manager owns it: {@link SessionManager#close()} closes it.
     *
     * @param store the store
     * @return this builder
     * @throws NullPointerException if {@code store} is null
     * @throws IllegalStateException if set twice
     */
    public Builder store(SessionStore store) {
      once("store");
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The clock; tests pass a fake one. Default: the system clock.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     * @throws IllegalStateException if set twice
     */
    public Builder clock(InstantSource clock) {
      once("clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long a session lives without a write. Default 30 minutes; at least 1 ms. Any longer
     * duration works, up to {@code Duration.ofSeconds(Long.MAX_VALUE)}: deadlines saturate at the
     * end of representable time ("never"), they never wrap into the past. (We saturate rather than
     * reject: a very long timeout is a meaningful request, "no idle timeout", and the Redis store
     * already saturated.)
     *
     * @param timeout the idle timeout
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if shorter than 1 ms
     * @throws IllegalStateException if set twice
     */
    public Builder idleTimeout(Duration timeout) {
      once("idleTimeout");
      this.idleTimeout = positive("idleTimeout", timeout);
      return this;
    }

    /**
     * How long a session lives from creation, however busy. Default 12 hours; at least 1 ms. Any
     * longer duration works and saturates, as {@link #idleTimeout} explains.
     *
     * @param timeout the absolute timeout
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if shorter than 1 ms
     * @throws IllegalStateException if set twice
     */
    public Builder absoluteTimeout(Duration timeout) {
      once("absoluteTimeout");
      this.absoluteTimeout = positive("absoluteTimeout", timeout);
      return this;
    }

    /**
     * How old the last write must be before a read-only request writes the access time back.
     * Default: a tenth of the idle timeout, at most one minute. Zero writes on every request. Must
     * be shorter than the idle timeout (checked by {@link #build}); long values saturate as {@link
     * #idleTimeout} explains.
     *
     * @param interval the touch interval
     * @return this builder
     * @throws NullPointerException if {@code interval} is null
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if set twice
     */
    public Builder touchInterval(Duration interval) {
      once("touchInterval");
      Objects.requireNonNull(interval, "touchInterval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("touchInterval must not be negative, was " + interval);
      }
      this.touchInterval = interval;
      return this;
    }

    /**
     * The attribute codec. Default: {@link AttributeCodec#defaults()}.
     *
     * @param codec the codec that encodes attribute values for the store
     * @return this builder
     * @throws NullPointerException if {@code codec} is null
     * @throws IllegalStateException if set twice
     */
    public Builder codec(AttributeCodec codec) {
      once("codec");
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * The token generator. Default: {@link TokenGenerator#secure()}.
     *
     * @param tokens the generator of session IDs and CSRF tokens
     * @return this builder
     * @throws NullPointerException if {@code tokens} is null
     * @throws IllegalStateException if set twice
     */
    public Builder tokens(TokenGenerator tokens) {
      once("tokens");
      this.tokens = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /**
     * Adds a listener; may be called many times.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(SessionListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * The metrics observer ({@code sojourn-micrometer}'s {@code SojournMetrics}, or your own).
     * Default: {@link SessionMetrics#NONE}, which costs nothing.
     *
     * @param metrics the observer the manager reports to
     * @return this builder
     * @throws NullPointerException if {@code metrics} is null
     * @throws IllegalStateException if set twice
     */
    public Builder metrics(SessionMetrics metrics) {
      once("metrics");
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * How many times {@link SessionManager#modify} tries before giving up with {@link
     * VersionConflictException}. Default 64: with the default back-off, 8 threads incrementing one
     * counter needed at most 10 attempts per call on the memory store and 34 on Redis on a heavily
     * loaded machine (docs/concurrency.md); 64 is about twice that.
     *
     * @param attempts the most attempts per call, at least 1 (1: no retry)
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     * @throws IllegalStateException if set twice
     */
    public Builder maxAttempts(int attempts) {
      once("maxAttempts");
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * At most {@code maximum} sessions per user; {@code policy} says what a sign-in beyond it does:
     * end the user's oldest sessions ({@link MaxSessionsPolicy#END_OLDEST}) or fail with {@link
     * TooManySessionsException} ({@link MaxSessionsPolicy#REFUSE}). Default: no limit. Enforced at
     * the commit of a session whose user this request set (a sign-in or a change of user; the same
     * user signing in again is not a new session), through the store's {@link UserIndex}, which
     * costs one or two listings of the user's sessions per sign-in, never one per request. The
     * Redis store lists by user only with an {@code idKey}.
     *
     * <p><b>What is guaranteed, also under concurrent sign-ins</b> (no store offers an atomic
     * "count and insert" for a user, so each sign-in checks the user's sessions after its own
     * commit, as well as before it for {@code REFUSE}): once no sign-in of a user is in flight, the
     * user has at most {@code maximum} live sessions that signed in through a manager with this
     * limit. While sign-ins run, the count may exceed it briefly (between a commit and its check).
     * With {@code END_OLDEST} concurrent sign-ins agree on which sessions are the oldest, so they
     * end no more than needed (except between sign-ins in the same millisecond, where each keeps
     * its own and so may end the other's); a sign-in can end its own session if a concurrent one
     * signed in later and the user has no room for both; with {@code REFUSE} a sign-in that finds,
     * after its commit, that concurrent ones took the last places ends its own session (its stored
     * state, the pre-sign-in data with it, is gone) and throws, so racing sign-ins near the limit
     * may all be refused although there was room for some of them. Without concurrent sign-ins a
     * refusal stores nothing and leaves the session as it was. The bound needs the store to list
     * every live session of the user: sessions of a store that omits one (Redis Cluster while a
     * session of the user is being rotated, between its two steps) and sessions that rotate to a
     * new ID while being ended can slip through. If the store fails during the check, the commit
     * has happened and the {@code StoreException} propagates.
     *
     * @param maximum the most live sessions per user, at least 1
     * @param policy what a sign-in beyond {@code maximum} does
     * @return this builder
     * @throws IllegalArgumentException if {@code maximum} is less than 1
     * @throws NullPointerException if {@code policy} is null
     * @throws IllegalStateException if set twice; from {@link #build()}, if the store does not
     *     implement {@link UserIndex} or cannot list a user's sessions
     */
    public Builder maxSessionsPerUser(int maximum, MaxSessionsPolicy policy) {
      once("maxSessionsPerUser");
      Objects.requireNonNull(policy, "policy");
      if (maximum < 1) {
        throw new IllegalArgumentException("maxSessionsPerUser must be at least 1, was " + maximum);
      }
      this.maxSessionsPerUser = maximum;
      this.maxSessionsPolicy = policy;
      return this;
    }

    /**
     * The back-off of {@link SessionManager#modify} between conflicting attempts: the first retry
     * waits up to {@code initial}, each later one up to twice the previous ceiling, never more than
     * {@code maximum}; the actual wait is uniformly random below the ceiling (full jitter). Default
     * 100 microseconds and 20 ms. A zero {@code initial} retries at once (no back-off).
     * Out-of-range values are rejected, not clamped: a wait of more than a minute between attempts
     * is a mistake.
     *
     * @param initial the first retry's ceiling; zero or more
     * @param maximum the highest ceiling; at least {@code initial}, at most one minute
     * @return this builder
     * @throws NullPointerException if either is null
     * @throws IllegalStateException if set twice
     * @throws IllegalArgumentException if {@code initial} is negative, {@code maximum} is less than
     *     {@code initial}, or {@code maximum} is longer than one minute
     */
    public Builder modifyBackoff(Duration initial, Duration maximum) {
      once("modifyBackoff");
      Objects.requireNonNull(initial, "modifyBackoff initial");
      Objects.requireNonNull(maximum, "modifyBackoff maximum");
      if (initial.isNegative()) {
        throw new IllegalArgumentException(
            "modifyBackoff initial must not be negative, was " + initial);
      }
      if (maximum.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException(
            "modifyBackoff maximum must be at most 1 minute, was " + maximum);
      }
      if (maximum.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "modifyBackoff maximum ("
                + maximum
                + ") must not be less than initial ("
                + initial
                + ")");
      }
      this.backoff = initial;
      this.maxBackoff = maximum;
      return this;
    }

    /** How {@code modify} waits between attempts; for tests. */
    Builder pause(Backoff.Pause pause) {
      once("pause");
      this.pause = Objects.requireNonNull(pause, "pause");
      return this;
    }

    /**
     * Returns the manager.
     *
     * @return a new manager with this builder's options
     * @throws NullPointerException if no store was set
     * @throws IllegalArgumentException if the touch interval is not shorter than the idle timeout
     * @throws IllegalStateException if {@link #maxSessionsPerUser} is set and the store does not
     *     implement {@link UserIndex}, or {@linkplain UserIndex#listsSessions cannot list} a user's
     *     sessions (a Redis or PostgreSQL store without an idKey)
     */
    public SessionManager build() {
      if (store == null) {
        throw new NullPointerException("store is required: SessionManager.builder().store(...)");
      }
      if (maxSessionsPolicy != null && !(store instanceof UserIndex)) {
        throw new IllegalStateException(
            "maxSessionsPerUser needs a store that can list a user's sessions (UserIndex); "
                + store.getClass().getName()
                + " cannot");
      }
      if (maxSessionsPolicy != null && store instanceof UserIndex index && !index.listsSessions()) {
        throw new IllegalStateException(
            "maxSessionsPerUser needs a store that can list a user's sessions; "
                + store.getClass().getName()
                + " as built cannot (UserIndex.listsSessions() is false: a Redis or PostgreSQL"
                + " store lists sessions only when built with an idKey)");
      }
      if (touchInterval != null && touchInterval.compareTo(idleTimeout) >= 0) {
        throw new IllegalArgumentException(
            "touchInterval ("
                + touchInterval
                + ") must be shorter than idleTimeout ("
                + idleTimeout
                + ")");
      }
      return new SessionManager(this);
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set");
      }
    }

    private static Duration positive(String option, Duration value) {
      Objects.requireNonNull(value, option);
      if (value.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException(option + " must be at least 1 ms, was " + value);
      }
      return value;
    }
  }
}
