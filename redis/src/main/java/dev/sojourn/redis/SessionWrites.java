package dev.sojourn.redis;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionLimitException;
import dev.sojourn.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The write path of {@link RedisStore}: a commit (one script on standalone Redis, resent while its
 * reply is lost; {@link ClusterCommit} on Cluster), a drop (one script), and the {@linkplain
 * DurableWrites durable wait} after every write that ends or replaces a session ID. Thread-safe.
 */
final class SessionWrites {
  private final RedisConnection redis;
  private final Keys keys;
  private final InstantSource clock;
  private final long graceMillis;
  private final @Nullable IdCipher ids;
  private final long markerTtlMillis;
  private final LongSupplier nanoTime;
  private final @Nullable DurableWrites durable;
  private final @Nullable DeadlineSets deadlines;

  SessionWrites(
      RedisConnection redis,
      Keys keys,
      RedisStoreSettings settings,
      @Nullable IdCipher ids,
      @Nullable DeadlineSets deadlines) {
    this.redis = redis;
    this.keys = keys;
    this.clock = settings.clock();
    this.graceMillis = settings.graceMillis();
    this.ids = ids;
    this.markerTtlMillis = settings.markerTtlMillis();
    this.nanoTime = settings.nanoTime();
    this.durable = settings.durable();
    this.deadlines = deadlines;
  }

  /**
   * Commits a valid change and returns the version it wrote (see {@link RedisStore#commit}).
   *
   * @throws SessionLimitException if the change creates a session and Redis is at its maxmemory
   */
  long commit(SessionChange valid) {
    try {
      return commitValid(valid);
    } catch (StoreException e) {
      if (valid.kind() == SessionChange.Kind.CREATE && RedisConnection.isOutOfMemory(e)) {
        throw new SessionLimitException(
            "redis is at its maxmemory limit and refused the new session (nothing was stored;"
                + " existing sessions keep working): "
                + e.getMessage(),
            e);
      }
      throw e;
    }
  }

  private long commitValid(SessionChange valid) {
    long now = clock.millis();
    long ttl = valid.ttlMillis();
    long deadline = valid.deadlineAt(now);
    long keyTtl = Math.min(saturatedAdd(ttl, graceMillis), RedisStore.MAX_KEY_TTL_MILLIS);
    String user = valid.user();
    String userIndex = valid.userChanged() && user != null ? keys.userIndex(user) : "";
    String source = keys.digestOf(valid.id());
    String destination = valid.newId() == null ? source : keys.digestOf(valid.resultId());
    byte[] sealed =
        ids != null && (valid.kind() == SessionChange.Kind.CREATE || valid.newId() != null)
            ? ids.seal(valid.resultId(), destination)
            : new byte[0];
    String security =
        valid.newId() != null ? "rotation" : valid.userChanged() && user == null ? "sign-out" : "";
    DurableWrites.Journal journal = security.isEmpty() ? null : journal();
    if (!redis.isCluster()) {
      byte[][] args =
          CommitScript.args(
              valid,
              now,
              deadline,
              keyTtl,
              userIndex,
              true,
              source,
              destination,
              sealed,
              List.of());
      List<Object> reply =
          redis.evalRepeatable(
              Script.COMMIT, commitKeys(source, destination), args, "commit", journal);
      long version = CommitScript.read(reply, valid.expectedVersion()).version();
      awaitDurable(journal, security);
      return version;
    }
    long version =
        new ClusterCommit(redis, keys, markerTtlMillis, nanoTime, deadlines, journal)
            .run(valid, now, deadline, keyTtl, userIndex, source, destination, sealed);
    awaitDurable(journal, security);
    return version;
  }

  /** commit.lua's KEYS; with expiry events, also the marker slot and the deadline set. */
  private byte[][] commitKeys(String source, String destination) {
    byte[] from = keys.sessionByDigest(source);
    byte[] to = keys.sessionByDigest(destination);
    DeadlineSets sets = deadlines;
    return sets == null
        ? new byte[][] {from, to}
        : new byte[][] {from, to, keys.revokedMarker(destination), sets.setFor(destination)};
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** Ends the session under {@code id}; true if it was live (see {@link RedisStore#drop}). */
  boolean drop(String id) {
    if (id.isEmpty()) {
      return false;
    }
    DurableWrites.Journal journal = journal();
    boolean dropped = dropByDigest(keys.digestOf(id), journal);
    awaitDurable(journal, "drop");
    return dropped;
  }

  /**
   * With durable security writes on, a journal for the connections a security write goes through
   * (see {@link DurableWrites}); null without. Called before the write.
   *
   * @throws StoreException if the option needs a newer server than this one (nothing is written)
   */
  DurableWrites.@Nullable Journal journal() {
    DurableWrites wait = durable;
    if (wait == null) {
      return null;
    }
    wait.requireServerSupport(redis);
    return new DurableWrites.Journal();
  }

  /**
   * With durable security writes on, waits for the replicas on every connection of the journal;
   * {@code operation} names the write.
   */
  void awaitDurable(DurableWrites.@Nullable Journal journal, String operation) {
    DurableWrites wait = durable;
    if (wait != null && journal != null) {
      wait.await(redis, journal, operation);
    }
  }

  /** {@code key}, followed by the deadline set of {@code digest} if expiry events are on. */
  private byte[][] withDeadlineSet(byte[] key, String digest) {
    DeadlineSets sets = deadlines;
    return sets == null ? new byte[][] {key} : new byte[][] {key, sets.setFor(digest)};
  }

  private boolean dropByDigest(String digest, DurableWrites.@Nullable Journal journal) {
    byte[][] args = {
      bytes(SessionHash.LAYOUT_VERSION),
      bytes(Long.toString(clock.millis())),
      bytes(redis.isCluster() ? "0" : "1"),
      bytes(digest)
    };
    List<Object> reply =
        redis.eval(
            Script.DROP,
            withDeadlineSet(keys.sessionByDigest(digest), digest),
            args,
            "drop",
            journal);
    return CommitScript.number(reply, 0) == 1;
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
