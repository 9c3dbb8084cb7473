package dev.sojourn.redis;

import dev.sojourn.store.Snapshot;
import dev.sojourn.store.StoreException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The load and decode path of {@link RedisStore}: one HGETALL per load, the decoding of a stored
 * hash into a snapshot (live only, or the last one of an expired session for an expiry event), and
 * the logging and counting of hashes that do not follow the layout, which count as absent and are
 * never an exception. Thread-safe.
 */
final class SessionReads {
  private static final System.Logger LOG = System.getLogger(RedisStore.class.getName());

  private final RedisConnection redis;
  private final Keys keys;
  private final InstantSource clock;
  private final @Nullable IdCipher ids;
  private final LongAdder corrupt = new LongAdder();

  SessionReads(RedisConnection redis, Keys keys, InstantSource clock, @Nullable IdCipher ids) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
    this.ids = ids;
  }

  /** The live session under {@code id}, or null (absent, expired, corrupt, or an empty ID). */
  @Nullable Snapshot load(String id) {
    if (id.isEmpty()) {
      return null;
    }
    String digest = keys.digestOf(id);
    Map<byte[], byte[]> hash;
    try {
      hash = redis.await(redis.commands().hgetall(keys.sessionByDigest(digest)), "load");
    } catch (StoreException e) {
      if (RedisConnection.isWrongType(e)) {
        logCorrupt(digest, "the key is not a hash");
        return null;
      }
      throw e;
    }
    return liveOrNull(id, digest, hash, clock.millis());
  }

  /** Logs the hash under {@code digest} as corrupt and counts it. */
  void logCorrupt(String digest, @Nullable String problem) {
    corrupt.increment();
    LOG.log(
        Level.WARNING,
        "session hash {0}: {1}; treating the session as absent",
        new String(keys.sessionByDigest(digest), StandardCharsets.UTF_8),
        problem);
  }

  /** The session {@code hash} holds if it is live at {@code now}; null if absent or corrupt. */
  @Nullable Snapshot liveOrNull(String id, String digest, Map<byte[], byte[]> hash, long now) {
    Snapshot snapshot;
    try {
      snapshot = SessionHash.decode(id, hash);
    } catch (SessionHash.CorruptSessionException e) {
      logCorrupt(digest, e.getMessage());
      return null;
    }
    return snapshot == null || snapshot.isExpiredAt(now) ? null : snapshot;
  }

  /**
   * The last snapshot of an expired session, for its expiry event: under its ID if this store opens
   * the sealed one, else under its digest; null (logged) if the hash is corrupt.
   */
  @Nullable Snapshot expiredSnapshot(String digest, Map<byte[], byte[]> hash) {
    String id = digest;
    IdCipher cipher = ids;
    byte[] sealed = SessionHash.sealedId(hash);
    if (cipher != null && sealed != null && sealed.length > 0) {
      try {
        id = cipher.open(sealed, digest);
      } catch (SessionHash.CorruptSessionException e) {
        // Sealed under a key this store lacks: reported under its digest.
      }
    }
    try {
      return SessionHash.decode(id, hash);
    } catch (SessionHash.CorruptSessionException e) {
      logCorrupt(digest, e.getMessage());
      return null;
    }
  }

  /** How many stored sessions did not follow the layout and were treated as absent. */
  long corruptSessions() {
    return corrupt.sum();
  }
}
