package dev.sojourn.redis;

import dev.sojourn.store.ExpiryEvents;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionLimitException;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.StoreException;
import dev.sojourn.store.UserIndex;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionStore} on Redis 6.2+ (standalone or Redis Cluster), through Lettuce.
 *
 * <pre>{@code
 * RedisStore store = RedisStore.builder()
 *     .uri("redis://127.0.0.1:6379")          // or .clusterUris(List.of(...))
 *     .digestKey(secret32Bytes)                // key names nobody else can compute
 *     .idKey(otherSecret32Bytes)               // only to list a user's sessions
 *     .build();
 * SessionManager sessions = SessionManager.builder().store(store).build();
 * }</pre>
 *
 * <p><b>Layout.</b> One hash per session at {@code <prefix>s:{digest(id)}}, the digest being
 * HMAC-SHA-256 under the {@linkplain Builder#digestKey digestKey} (recommended), or plain SHA-256
 * without one, cut to 128 bits and written as 22 base64url characters (short key names keep a
 * session near half of Spring Session's memory; 128 bits still take about 2<sup>128</sup> tries to
 * match). The ID itself is never stored (sealed under the idKey at most), so a dump of Redis hands
 * out no live session; with a digestKey, someone who can write to Redis cannot plant a session
 * under an ID of their choosing either, while without one they can. Stored <em>in the clear</em>:
 * the user name (field {@code u}), the CSRF token ({@code c}), the timestamps and the attribute
 * values as the codec encoded them; protect Redis (ACLs, TLS, encrypted persistence) accordingly.
 * Key names hold digests only, never the ID or the user name. Fields: see {@code SessionHash};
 * attribute values are the codec's bytes as they came, under an {@code a:} prefix; a layout version
 * field guards format changes. A hash with a foreign field, another layout version or bytes that do
 * not parse counts as absent: {@link #load} logs it, counts it in {@link #corruptSessions()} and
 * returns null, never an exception.
 *
 * <p><b>Round trips.</b> {@link #load} is one HGETALL. {@link #commit} is one Lua script (EVALSHA,
 * falling back to EVAL on NOSCRIPT) that checks existence, liveness and the expected version,
 * applies the delta, sets the deadline and the key's expiry, and maintains the user index,
 * atomically. {@link #drop} is one script. (A request that changed nothing inside the touch window
 * never reaches the store: {@code SessionManager} does not commit it.)
 *
 * <p><b>Two clocks.</b> The deadline is the store's {@link InstantSource} now plus the TTL; it is
 * stored in the hash, and {@link #load} and every script compare it with the store's now, so a
 * session is never served at or after its deadline, and a fake clock decides expiry in tests. The
 * key's own expiry is relative, {@code PEXPIRE ttl + expiryGrace} on Redis's clock, set in the same
 * script as every write, so no key ever exists without a TTL. The two agree when the clocks run in
 * step: Redis then reclaims the key at most {@code expiryGrace} after the deadline. With a fake
 * clock far from real time the key still lives {@code ttl + expiryGrace} of real time after its
 * last write: never forever, never expired at once. A deadline past {@code Long.MAX_VALUE} ms
 * saturates there ("never"); it is stored exactly, but the scripts compare it with now as Lua
 * numbers (doubles), which are exact for clock readings below 2^53 ms (the year 287,396).
 *
 * <p><b>User index.</b> A sorted set per user at {@code <prefix>u:{digest(user)}}, members the
 * session digests, scores their deadlines, its key expiring no earlier than its longest-lived
 * session and vanishing when its last entry is pruned. On standalone Redis the commit and drop
 * scripts maintain it atomically. {@link #sessionsOf} prunes entries that are past their deadline,
 * gone, or signed in to someone else, and returns real IDs only if the store has an {@linkplain
 * Builder#idKey idKey}: each hash then keeps its ID sealed with AES-256-GCM, never in the clear.
 * {@link #revokeSessionsOf} ("sign out everywhere") needs no key: it ends sessions by digest, and
 * no rotation can outrun it (see there).
 *
 * <p><b>Redis Cluster.</b> A script can only reach keys of one slot, and a session's two IDs (in a
 * rotation) and its user index live in different slots. So on Cluster: a commit that signs a user
 * in files the session in that user's index <em>before</em> the commit script; a commit of a signed
 * in session then refreshes the index entry after it (a second round trip); a drop leaves the entry
 * until its deadline passes (a read cannot tell a dropped session from a sign-in whose index entry
 * is filed and whose session is not written yet, so it skips the entry but does not prune it); a
 * rotation runs two scripts in this order: (1) on the old ID's node, check and <em>remove</em> the
 * session, returning its fields; (2) on the new ID's node, write the session with the delta
 * applied. The old ID is dead before the new one exists, so both are never valid at once; if step 2
 * cannot run (the node is down) the session is lost and the user signs in again: fail closed. A
 * sign-in is thus never missing from the index. Against a revoke, step 1 also leaves a forward from
 * the old digest to the new one (one small key, living as long as the new session's key may), and
 * step 2 refuses to write under a digest a revoke has marked (the marker lives {@code max(1 min, 10
 * x commandTimeout)}; step 2 is not sent once half of that passed since step 1). One gap remains,
 * and only on Cluster: if the index refresh after a commit fails, the entry keeps the previous
 * deadline (or, after a rotation, the old digest, whose forward still leads a revoke to the
 * session), and a listing after that deadline leaves the still-live session out until its next
 * commit files it again.
 *
 * <p><b>Failures.</b> Every call answers or throws {@link StoreException} within the command
 * timeout (default 2 s, plus at most a second of margin). While Redis is unreachable calls fail at
 * once; the connection reconnects in the background and the same store works again when Redis is
 * back. If Redis is unreachable when the store is built, it is built anyway, and calls throw {@code
 * StoreException} until Redis answers. On Cluster the topology is refreshed on Lettuce's adaptive
 * triggers and every 30 s. A {@code StoreException} from a commit means the outcome is unknown: the
 * server may have applied it before the connection broke (see below).
 *
 * <p><b>Exactly-once commits.</b> Every {@link SessionChange} carries a random 128-bit {@linkplain
 * SessionChange#commitId commit identity}. A commit that changes data stores it in the hash (field
 * {@code o}, 16 bytes, which keeps the hash compact); a commit whose identity is the stored one is
 * a repeat of the commit that wrote the current version, and is answered with that commit's result
 * (the version it wrote; for a rotation, looked up at the new ID, so the new ID stands) instead of
 * being applied again or failing with a conflict. The store relies on it itself: when the
 * connection breaks after a commit was sent (Redis may have applied it, the reply is lost), it
 * sends the same commit again as soon as the client has reconnected, until it is answered or the
 * command timeout, counted from the first send, has passed. So: a commit that returns was applied
 * exactly once; a commit that throws {@code StoreException} may or may not have been applied, and
 * committing the <em>same change object</em> again is safe (it lands at most once), while a new
 * change built from the same session is a new commit (so is a second {@code
 * SessionManager.commit(session)}, which builds a new change on each call). Limits: only the commit
 * that wrote the current version is remembered, so a repeat after another data change of the
 * session landed is a new commit (applied again, or a {@code VersionConflictException} under
 * compare-and-set); a touch (no data change) stores no identity, and repeating one only sets the
 * same deadline again. A {@link #drop} is not resent: it is idempotent, repeat it (only its "was
 * live" answer can be lost). On Cluster, creates and updates are one script as on standalone; a
 * rotation is two (see above): the first keeps the session it took under {@code t:{old digest}},
 * with the identity, for a quarter of the revoked-marker life (at least 15 s), so that a repeat
 * within that time answers the same fields and the second step, which recognises its own repeat,
 * completes or answers the rotation; a repeat later than that throws {@code
 * SessionNotFoundException} although the new ID may be live. The Cluster index upkeep scripts are
 * idempotent and resent as well. The identity only tells commits of one session apart, it is not a
 * secret: two different commits of a session share it with a probability near 2<sup>-64</sup>.
 *
 * <p><b>Durable security writes.</b> Redis replicates asynchronously: a logout, rotation or revoke
 * acknowledged just before a failover can be lost with the replication backlog, and the promoted
 * replica then serves the ended (or pre-login) ID again. {@link Builder#durableSecurityWrites}
 * makes each of those writes wait ({@code WAIT}) until enough replicas hold it, and throw {@link
 * StoreException} if they do not within its timeout, so a logout is reported done only once it
 * survives losing the primary; on Cluster the wait goes to every master the write reached, on the
 * connection that carried it. {@link Builder#durableSecurityWritesOnDisk} waits with {@code
 * WAITAOF} (Redis 7.2+) for the append-only files instead, so it also survives a restart. Loads,
 * creates and ordinary updates do not wait (losing one is not a security problem).
 *
 * <p><b>A full server.</b> Run Redis with {@code maxmemory-policy noeviction} (its default). When
 * it reaches {@code maxmemory}, a commit that creates a session throws {@link
 * SessionLimitException} and stores nothing, while loads, updates, rotations, drops and revokes of
 * existing sessions keep working as long as Redis can (their scripts start with a write Redis does
 * not refuse; a create's starts with one it does). Evicting policies are not supported: every key
 * has a TTL, so {@code volatile-*} evicts as much as {@code allkeys-*}, and an evicted user index
 * hides live sessions from {@link #revokeSessionsOf}. The store reads the policy when it connects
 * and logs a warning unless it is {@code noeviction} ({@link #maxmemoryPolicy()}).
 *
 * <p><b>Expiry events</b> ({@link ExpiryEvents}), opt-in with {@link Builder#expiryEvents}, and
 * without keyspace notifications or {@code CONFIG} (which managed services block): every commit
 * script also files the session's digest in a deadline-ordered set (one per slot on Cluster, in the
 * session's own slot), and a sweeper on every node, the one holding a short lease doing the work,
 * takes the due entries in a script that removes each as it reads and deletes the session. Each
 * expired session is thus reported exactly once across every node sharing the Redis, by {@code
 * deadline + sweepInterval} (plus at most three sweep intervals if the lease holder dies without
 * {@link #close}); drops, revokes and rotations remove their entries in their own scripts, so an
 * ended session is never reported as expired.
 *
 * <p>Thread-safe; one store shares one connection among all threads.
 */
public final class RedisStore implements SessionStore, UserIndex, ExpiryEvents {
  /**
   * The longest expiry a key gets, ten years: PEXPIRE fails on values near the 64-bit limit, and a
   * failed PEXPIRE after a write would leave a key without a TTL. A session with a longer TTL keeps
   * its logical deadline; only its key goes after ten years.
   */
  static final long MAX_KEY_TTL_MILLIS = Duration.ofDays(3650).toMillis();

  private final RedisConnection redis;
  private final Duration commandTimeout;
  private final SessionReads reads;
  private final SessionWrites writes;
  private final UserIndexOperations users;
  private final @Nullable RedisExpirySweeper sweeper;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String memoryPolicy = "";

  private RedisStore(RedisStoreSettings settings) {
    Keys keys = new Keys(settings.keyPrefix(), settings.digestKey());
    InstantSource clock = settings.clock();
    IdCipher ids = settings.idCipher();
    this.commandTimeout = settings.commandTimeout();
    this.redis =
        RedisConnection.open(
            settings.uris(),
            settings.cluster(),
            settings.commandTimeout(),
            connected -> memoryPolicy = MemoryPolicy.check(connected));
    Duration sweepInterval = settings.sweepInterval();
    DeadlineSets deadlines =
        sweepInterval == null ? null : new DeadlineSets(settings.keyPrefix(), settings.cluster());
    this.reads = new SessionReads(redis, keys, clock, ids);
    this.writes = new SessionWrites(redis, keys, settings, ids, deadlines);
    this.users = new UserIndexOperations(redis, keys, settings, ids, deadlines, reads, writes);
    this.sweeper =
        deadlines == null || sweepInterval == null
            ? null
            : new RedisExpirySweeper(
                redis,
                deadlines,
                settings.keyPrefix(),
                clock,
                reads::expiredSnapshot,
                sweepInterval,
                settings.backgroundSweeper());
  }

  /**
   * Connects to the standalone Redis at {@code uri} ({@code redis://host:port}) with the defaults.
   * If Redis cannot be reached yet, returns anyway (see {@link Builder#build}).
   *
   * @param uri the standalone Redis, {@code redis://host:port} or {@code rediss://host:port}
   * @return a store on that Redis, to be {@linkplain #close closed} by the caller
   * @throws IllegalArgumentException if {@code uri} is not a Redis URI
   */
  public static RedisStore connect(String uri) {
    return builder().uri(uri).build();
  }

  /**
   * Returns a builder with every option at its default; set {@link Builder#uri} or {@link
   * Builder#clusterUris} before {@link Builder#build}.
   *
   * @return a new builder, not shared with any other caller
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public @Nullable Snapshot load(String id) {
    return reads.load(id);
  }

  /**
   * {@inheritDoc}
   *
   * <p>On a Redis at its {@code maxmemory} (policy {@code noeviction}), a create is refused with
   * {@link SessionLimitException} (maximum size -1: the limit is bytes, not sessions), while
   * updates, rotations and drops of existing sessions keep working as long as Redis can.
   *
   * @throws SessionLimitException if the change creates a session and Redis is full
   */
  @Override
  public long commit(@Nullable SessionChange change) {
    return writes.commit(SessionChange.requireValid(change));
  }

  @Override
  public boolean drop(String id) {
    return writes.drop(id);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One script that prunes the index by deadline and returns it, one pipelined read of the
   * sessions, and one write if some entries were stale. Needs an {@linkplain Builder#idKey idKey}:
   * the store keeps session IDs only sealed under it. A session whose sealed ID does not open (it
   * was written without the key, or under another one) is logged and left out.
   *
   * @throws UnsupportedOperationException if the store has no idKey
   * @throws StoreException if Redis cannot answer
   */
  @Override
  public List<Snapshot> sessionsOf(String user) {
    return users.sessionsOf(user);
  }

  /**
   * {@inheritDoc}
   *
   * @return whether this store was built with an {@linkplain Builder#idKey idKey}
   */
  @Override
  public boolean listsSessions() {
    return users.listsSessions();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Ends sessions by their key digest, so it needs no idKey and works whatever idKey this store
   * has: a session written under another key, or none, ends too. The list holds the IDs this store
   * can open (its {@linkplain Builder#idKeys idKeys} sealed them); a session ended whose ID it
   * cannot open is not in it (see {@link #dropSessionsOf} for the full count).
   *
   * <p>Complete with respect to rotation. On standalone Redis one script reads the index and
   * deletes every session in it, atomically with respect to commits. On Cluster each session is
   * ended by its own script that also leaves a "revoked" marker the second step of a rotation
   * refuses to write over, and follows the forward that a rotation's first step leaves; a rotation
   * racing the revoke then fails with {@code SessionNotFoundException}, and the session stays
   * ended. A session signed in while this runs may survive (it signed in after the listing).
   *
   * @throws StoreException if Redis cannot answer (some sessions may have been ended)
   */
  @Override
  public List<String> revokeSessionsOf(String user, String exceptId) {
    return users.revokeSessionsOf(user, exceptId);
  }

  /**
   * Ends every live session of {@code user} ("sign out everywhere") and returns how many it ended,
   * as {@link #revokeSessionsOf} does (complete with respect to rotation). Works with or without an
   * idKey: it ends sessions by digest.
   *
   * @param user the user whose sessions end
   * @return how many sessions this call ended, 0 if the user had none
   * @throws StoreException if Redis cannot answer (some sessions may have been ended)
   */
  public int dropSessionsOf(String user) {
    return users.dropSessionsOf(user);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Only with {@link Builder#expiryEvents} on; otherwise the listener is kept but never called
   * (the store files no deadlines to sweep). The snapshot's {@link Snapshot#id() id} is the session
   * ID if this store has the {@linkplain Builder#idKeys idKey} it was sealed under, else the key's
   * digest (22 base64url characters, never a valid session ID): Redis holds no ID in the clear.
   * Listeners run on the sweeping node's sweeper thread (or the caller of {@link #sweep}).
   */
  @Override
  public void addExpiryListener(Consumer<? super Snapshot> listener) {
    Objects.requireNonNull(listener, "listener");
    RedisExpirySweeper events = sweeper;
    if (events != null) {
      events.addListener(listener);
    }
  }

  /**
   * Sweeps now, if this node holds (or can take) the sweeper lease: removes every session whose
   * deadline has passed by this store's clock and delivers its expiry event. The background sweeper
   * calls this every half sweep interval; tests on a fake clock call it directly.
   *
   * @return how many expiry events were delivered; 0 when another node holds the lease
   * @throws IllegalStateException if expiry events are off
   * @throws StoreException if Redis cannot answer (sessions taken before that were reported)
   */
  public int sweep() {
    return requireSweeper().sweep();
  }

  /**
   * Sweeps without the lease, as two nodes would if one paused past its lease: the race the
   * exactly-once guarantee must survive. For tests.
   */
  int sweepIgnoringLease() {
    return requireSweeper().sweepIgnoringLease();
  }

  private RedisExpirySweeper requireSweeper() {
    RedisExpirySweeper events = sweeper;
    if (events == null) {
      throw new IllegalStateException("expiry events are off: build the store with expiryEvents");
    }
    return events;
  }

  /**
   * Expired sessions this store's sweeps found already reclaimed by Redis's TTL (no node swept
   * within the expiry grace past their deadline): their last snapshot is gone, so no event was
   * delivered; each is logged. 0 while the sweepers keep up.
   *
   * @return the count since this store was built; 0 if expiry events are off
   */
  public long lostExpiryEvents() {
    RedisExpirySweeper events = sweeper;
    return events == null ? 0 : events.lost();
  }

  /**
   * How many stored sessions did not follow the layout and were treated as absent (each is also
   * logged as a warning).
   *
   * @return the count since this store was built, across every thread
   */
  public long corruptSessions() {
    return reads.corruptSessions();
  }

  /**
   * How many round trips to Redis this store has made (each awaited reply or pipeline).
   *
   * @return the count since this store was built, across every thread
   */
  public long roundTrips() {
    return redis.roundTrips();
  }

  /**
   * The {@code maxmemory-policy} Redis reported when this store connected, or "" if unknown (CONFIG
   * is disabled, as on some managed services). Supported: {@code noeviction}; the store logs a
   * warning at start for any other (see {@link RedisStore} on a full server).
   *
   * @return the policy as Redis named it, e.g. {@code "noeviction"}; "" if not read (yet)
   */
  public String maxmemoryPolicy() {
    return memoryPolicy;
  }

  /**
   * Whether this store talks to a Redis Cluster.
   *
   * @return true if it was built with {@link Builder#clusterUris}, false with {@link Builder#uri}
   */
  public boolean isCluster() {
    return redis.isCluster();
  }

  /**
   * The command timeout: the longest any call waits for Redis (plus a second's margin).
   *
   * @return the {@linkplain Builder#commandTimeout timeout} the store was built with
   */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** Closes the connection and stops the client's threads. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      RedisExpirySweeper events = sweeper;
      if (events != null) {
        events.close();
      }
      redis.close();
    }
  }

  /**
   * Builds a {@link RedisStore}. Set exactly one of {@link #uri} and {@link #clusterUris}. Each
   * option fails fast with a message that names it; a null argument throws {@link
   * NullPointerException} naming the option. Every option method returns this builder. Not
   * thread-safe.
   */
  public static final class Builder {
    private final RedisStoreSettings settings = new RedisStoreSettings();

    private Builder() {}

    /**
     * A 32-byte AES key under which each session hash keeps its ID sealed (AES-256-GCM), so that
     * {@link RedisStore#sessionsOf} can return IDs while a dump of Redis without the key still
     * hands out none. Every application instance sharing the Redis must use the same key; a session
     * written under another key (or none) is left out of listings. Default: none, and {@code
     * sessionsOf} is unsupported.
     *
     * @param key the AES-256 key, copied (later changes to the array do not reach the store)
     * @return this builder
     * @throws IllegalArgumentException unless the key has 32 bytes
     */
    public Builder idKey(byte[] key) {
      settings.idKey(key);
      return this;
    }

    /**
     * Key rotation for {@link #idKey}: 32-byte AES keys, <em>newest first</em>. New IDs are sealed
     * under the first; an ID sealed under any of them still opens, so sessions written before a
     * rotation keep being listed. Drop an old key once every session sealed under it has expired
     * (at most the longest session TTL after the rotation). Revocation needs none of them.
     *
     * @throws IllegalArgumentException if the list is empty or a key does not have 32 bytes (the
     *     message says which)
     * @param keys the AES-256 keys, newest first, each copied; replaces any {@link #idKey}
     * @return this builder
     */
    public Builder idKeys(List<byte[]> keys) {
      settings.idKeys(keys);
      return this;
    }

    /**
     * A secret key (at least 32 bytes) that keys the digest in every key name: a session lives at
     * {@code HMAC-SHA-256(digestKey, id)} and a user's index at {@code HMAC-SHA-256(digestKey,
     * user)} instead of their plain SHA-256. Without it, anyone who can write to Redis can plant a
     * session under an ID of their choosing (they can compute its key name); with it, they cannot.
     * Recommended for every deployment.
     *
     * <p>Unlike the {@linkplain #idKeys idKeys}, it cannot rotate: every application instance
     * sharing the Redis must use the same one, for as long as any session lives, since a store
     * under another digestKey (or none) does not find the sessions at all: it neither loads, lists
     * nor revokes them. Changing it, or adding it to a deployment that ran without it, therefore
     * signs every user out (sessions under the old names expire by their TTL). It is a separate key
     * from the idKey because the idKey rotates, and revocation must work whatever idKey a store
     * has. Default: none (plain SHA-256).
     *
     * @param key the HMAC-SHA-256 key, at least 32 bytes, copied
     * @return this builder
     * @throws IllegalArgumentException if the key has fewer than 32 bytes
     */
    public Builder digestKey(byte[] key) {
      settings.digestKey(key);
      return this;
    }

    /**
     * The elapsed-time source of the Cluster rotation's guard (tests make it jump); not the clock
     * deadlines are measured on.
     */
    Builder nanoTime(LongSupplier source) {
      settings.nanoTime(source);
      return this;
    }

    /**
     * Connects to a standalone Redis, {@code redis://host:port} (or {@code rediss://}). The URI is
     * parsed by {@link #build}, which rejects a malformed one.
     *
     * @param uri the Redis to connect to
     * @return this builder
     * @throws IllegalStateException if uri or clusterUris is already set
     */
    public Builder uri(String uri) {
      settings.uri(uri);
      return this;
    }

    /**
     * Connects to a Redis Cluster through these seed nodes (at least one); the rest of the topology
     * is discovered from them. The URIs are parsed by {@link #build}.
     *
     * @param seeds the seed nodes' URIs, {@code redis://host:port} each
     * @return this builder
     * @throws IllegalStateException if uri or clusterUris is already set
     * @throws IllegalArgumentException if {@code seeds} is empty
     */
    public Builder clusterUris(List<String> seeds) {
      settings.clusterUris(seeds);
      return this;
    }

    /**
     * The clock deadlines are measured on (see "Two clocks" on {@link RedisStore}). Default: the
     * system clock.
     *
     * @param clock the store's now; tests pass a fake one
     * @return this builder
     */
    public Builder clock(InstantSource clock) {
      settings.clock(clock);
      return this;
    }

    /**
     * Prefix of every key. Default {@code "sojourn:"}. Stores sharing sessions must use the same
     * one; a store under another prefix does not see them.
     *
     * @param prefix prepended to every key name as given (may be empty)
     * @return this builder
     */
    public Builder keyPrefix(String prefix) {
      settings.keyPrefix(prefix);
      return this;
    }

    /**
     * The longest a call waits for Redis before it throws {@link StoreException}. Default 2 s.
     * Rejected rather than saturated outside its range: a call that may hang for more than a minute
     * holds a request thread hostage, which is never what a caller meant.
     *
     * @param timeout the longest wait per call, between 1 ms and 1 minute
     * @return this builder
     * @throws IllegalArgumentException unless between 1 ms and 1 minute
     */
    public Builder commandTimeout(Duration timeout) {
      settings.commandTimeout(timeout);
      return this;
    }

    /**
     * How long past a session's TTL Redis keeps its key, on Redis's clock. Loads never serve a
     * session past its deadline whatever this is; it only bounds how long storage lingers. Default
     * 1 s. Any length is accepted and saturates: the key's expiry never exceeds {@code
     * MAX_KEY_TTL_MILLIS} (ten years) anyway, so a longer grace means "as long as a key may live".
     *
     * @param grace how long a key outlives its session's deadline, zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder expiryGrace(Duration grace) {
      settings.expiryGrace(grace);
      return this;
    }

    /**
     * Durable security writes: after every write that ends or replaces a session ID (a {@link
     * RedisStore#drop drop}, a commit that rotates the ID or signs the user out, a {@link
     * RedisStore#revokeSessionsOf revoke}), the store sends {@code WAIT replicas timeout} and
     * returns only once {@code replicas} replicas acknowledged the write. Otherwise it throws
     * {@link StoreException} naming this option, the count and the timeout: fail closed, the caller
     * must not report the logout as done (the write is applied on the primary, and a retry of the
     * logout is harmless). Without it, a logout acknowledged just before a failover can be undone
     * by replication lag: the promoted replica still holds the ended ID.
     *
     * <p>{@code WAIT} counts the replicas that acknowledged the writes of the connection it is sent
     * on, so it goes where the write went. On Redis Cluster each command of such a write is sent on
     * the connection to the master that serves its key's slot (the same pooled node connection the
     * cluster connection routes that slot on), and a {@code WAIT} follows on each master written: a
     * revoke that touched several masters waits on every one of them, and fails if any falls short
     * (the message names that master). A slot that moved between the topology refresh and the write
     * fails the call (MOVED is not followed on this path) instead of waiting on a node that did not
     * take the write.
     *
     * <p>Costs one extra round trip per such write (about one replication round trip when replicas
     * keep up), and none for loads, creates and ordinary updates. {@code WAIT} blocks the
     * connection it is sent on while it waits, so other calls to that node queue behind it: keep
     * the timeout short. Covers replication only, not the primary's own persistence: see {@link
     * #durableSecurityWritesOnDisk} for {@code WAITAOF}. Default: off.
     *
     * @param replicas how many replicas must acknowledge, at least 1
     * @param timeout how long to wait for them, 1 ms or more and shorter than the {@linkplain
     *     #commandTimeout command timeout} (checked by {@link #build})
     * @return this builder
     * @throws IllegalArgumentException if replicas is below 1 or the timeout is under 1 ms
     * @throws IllegalStateException if {@link #durableSecurityWritesOnDisk} is set already
     */
    public Builder durableSecurityWrites(int replicas, Duration timeout) {
      settings.durableSecurityWrites(replicas, timeout);
      return this;
    }

    /**
     * Durable security writes on disk: as {@link #durableSecurityWrites}, after the same writes and
     * on the same connections, but the store sends {@code WAITAOF 1 replicas timeout} (Redis 7.2+,
     * Valkey 7.2+) and returns only once the primary fsynced the write to its append-only file and
     * {@code replicas} replicas fsynced it to theirs, so a logout also survives a restart or crash
     * of the primary. Otherwise it throws {@link StoreException} naming this option, what was and
     * was not fsynced, and the timeout: fail closed.
     *
     * <p>Needs {@code appendonly yes} on the primary (and on the replicas counted): Redis refuses
     * {@code WAITAOF} with AOF off, and the store then throws {@link StoreException} with Redis's
     * reason. With {@code appendfsync everysec} (the default) a wait lasts up to about a second,
     * with {@code always} about none: size the timeout to the fsync policy.
     *
     * <p>Servers older than 7.2 have no {@code WAITAOF}. The store finds out at the first security
     * write, not at {@link #build} (the store starts without Redis reachable, and a failover may
     * bring another server): before writing, it reads {@code INFO server} once and, if {@code
     * redis_version} is below 7.2, throws {@link StoreException} naming the version and the 7.2
     * requirement, having written nothing; every later security write does the same until the
     * server is upgraded. Default: off.
     *
     * @param replicas how many replicas must fsync the write too, 0 or more (0: the primary only)
     * @param timeout how long to wait, 1 ms or more and shorter than the {@linkplain
     *     #commandTimeout command timeout} (checked by {@link #build})
     * @return this builder
     * @throws IllegalArgumentException if replicas is negative or the timeout is under 1 ms
     * @throws IllegalStateException if {@link #durableSecurityWrites} is set already
     */
    public Builder durableSecurityWritesOnDisk(int replicas, Duration timeout) {
      settings.durableSecurityWritesOnDisk(replicas, timeout);
      return this;
    }

    /**
     * Turns expiry events on ({@link RedisStore#addExpiryListener}), without keyspace
     * notifications: no {@code CONFIG}, so they work on managed services that block it. Each commit
     * script also files the session's digest in a deadline-ordered set (one ZADD inside the script:
     * no extra round trip), and every node runs a sweeper; the one holding a short lease takes the
     * due entries every half {@code sweepInterval}, each in one script that removes it, so each
     * expired session is reported exactly once across all nodes sharing the Redis, by {@code
     * deadline + sweepInterval} (plus at most {@code 3 x sweepInterval}, the lease's life, if the
     * node holding it dies without closing the store).
     *
     * <p>Every node sharing the Redis should turn it on (a node without it neither files nor
     * sweeps: its commits leave entries at their old deadline, which the sweep then moves, and its
     * creates are never reported). It raises the {@linkplain #expiryGrace expiry grace} to at least
     * {@code max(1 min, 10 x sweepInterval)}, so a session's hash outlives its deadline long enough
     * for a sweep to read its last snapshot; Redis's TTL stays the safety net, so memory stays
     * bounded if no node sweeps at all (the set's entries go a key TTL past their deadline, and the
     * set itself has a TTL), and an expired session Redis reclaimed first is counted in {@link
     * RedisStore#lostExpiryEvents}, not reported. Default: off, because most applications do not
     * listen for expiry and should not pay for it: a ZADD (and a PTTL) inside each commit script,
     * no extra round trip; about 160 bytes per session in Redis (measured on standalone); and a
     * sweep per half interval on the lease holder (on Cluster it first reads the 16,384 per-slot
     * sets, pipelined 512 at a time, and runs the take script only on those with due entries: 33
     * round trips for an empty sweep, which took 0.49 s on our loaded 2-core test machine against
     * 0.3 ms on standalone, so prefer a sweep interval of several seconds on Cluster).
     *
     * @param sweepInterval the longest an expired session waits to be reported (while a node
     *     sweeps), 1 ms or more
     * @return this builder
     * @throws IllegalArgumentException if {@code sweepInterval} is shorter than 1 ms
     */
    public Builder expiryEvents(Duration sweepInterval) {
      settings.expiryEvents(sweepInterval);
      return this;
    }

    /**
     * Whether {@link #expiryEvents} runs its background sweeper thread. Default true. Tests on a
     * fake clock turn it off and call {@link RedisStore#sweep()} themselves. Without expiry events
     * it has no effect.
     *
     * @param enabled false to sweep only when {@link RedisStore#sweep()} is called
     * @return this builder
     */
    public Builder backgroundSweeper(boolean enabled) {
      settings.backgroundSweeper(enabled);
      return this;
    }

    /**
     * Connects and returns the store. If Redis cannot be reached (refused, or it does not answer
     * within the command timeout), logs a warning and returns the store anyway: each call then
     * tries to connect (one call at a time; others fail at once) and throws {@link StoreException}
     * until one succeeds, after which the store works without being rebuilt.
     *
     * @throws IllegalStateException if neither uri nor clusterUris was set; if {@link
     *     #durableSecurityWrites} or {@link #durableSecurityWritesOnDisk} is set with a timeout not
     *     shorter than the command timeout (the wait would time out as a command first)
     * @return a new store with the options set so far; later changes to this builder do not reach
     *     it
     * @throws IllegalArgumentException if a URI is malformed
     */
    public RedisStore build() {
      settings.requireBuildable();
      return new RedisStore(settings);
    }
  }
}
