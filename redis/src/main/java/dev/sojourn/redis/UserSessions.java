package dev.sojourn.redis;

import dev.sojourn.store.Snapshot;
import dev.sojourn.store.StoreException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads, and prunes, one user's index: one script that drops members past their deadline and
 * returns the rest, one pipelined HGETALL of their sessions, and one ZREM if some were stale (gone,
 * expired, corrupt, or signed in to someone else; on Cluster a gone one only once its deadline
 * passes, as it may be a sign-in in flight). O(sessions of that user).
 */
final class UserSessions {
  /** Decodes one stored hash into a live snapshot, or null (absent, expired, corrupt). */
  interface Decoder {
    @Nullable Snapshot liveOrNull(String id, String digest, Map<byte[], byte[]> hash, long now);
  }

  /** Finds the ID to put in a listed snapshot, or null to leave the session out of the list. */
  interface IdResolver {
    @Nullable String idOf(String digest, Map<byte[], byte[]> hash);
  }

  /** Logs and counts a session hash that does not follow the layout. */
  interface CorruptLog {
    void corrupt(String digest, String problem);
  }

  /** One live session of the user, and its key's digest. */
  record Found(String digest, Snapshot snapshot) {}

  private final RedisConnection redis;
  private final Keys keys;
  private final Decoder decoder;
  private final CorruptLog log;

  UserSessions(RedisConnection redis, Keys keys, Decoder decoder, CorruptLog log) {
    this.redis = redis;
    this.keys = keys;
    this.decoder = decoder;
    this.log = log;
  }

  /** The user's live sessions with their IDs opened by {@code cipher}. */
  List<Snapshot> sessionsOf(String user, long now, IdCipher cipher) {
    List<Snapshot> sessions = new ArrayList<>();
    for (Found found : list(user, now, (digest, hash) -> openId(cipher, digest, hash))) {
      sessions.add(found.snapshot());
    }
    return sessions;
  }

  private @Nullable String openId(IdCipher cipher, String digest, Map<byte[], byte[]> hash) {
    byte[] sealed = SessionHash.sealedId(hash);
    try {
      if (sealed == null) {
        throw new SessionHash.CorruptSessionException("no sealed id (written without an idKey)");
      }
      String id = cipher.open(sealed, digest);
      if (!keys.digestOf(id).equals(digest)) {
        throw new SessionHash.CorruptSessionException("sealed id belongs to another key");
      }
      return id;
    } catch (SessionHash.CorruptSessionException e) {
      log.corrupt(digest, e.getMessage() + "; left out of the user's sessions");
      return null;
    }
  }

  private List<Found> list(String user, long now, IdResolver ids) {
    RedisClusterAsyncCommands<byte[], byte[]> commands = redis.commands();
    byte[] index = keys.userIndex(user).getBytes(StandardCharsets.UTF_8);
    List<Object> members =
        redis.eval(
            Script.LIST,
            new byte[][] {index},
            new byte[][] {Long.toString(now).getBytes(StandardCharsets.UTF_8)},
            "list a user's sessions");
    List<String> digests = new ArrayList<>();
    List<RedisFuture<Map<byte[], byte[]>>> reads = new ArrayList<>();
    List<byte[]> stale = new ArrayList<>();
    for (Object item : members) {
      byte[] member = (byte[]) item;
      String digest = new String(member, StandardCharsets.UTF_8);
      if (Keys.isDigest(digest)) {
        digests.add(digest);
        reads.add(commands.hgetall(keys.sessionByDigest(digest)));
      } else {
        stale.add(member);
      }
    }
    List<Found> live = new ArrayList<>();
    if (!reads.isEmpty()) {
      redis.countRoundTrip();
    }
    for (int i = 0; i < reads.size(); i++) {
      String digest = digests.get(i);
      Map<byte[], byte[]> hash;
      try {
        hash = redis.reply(reads.get(i), "read a user's sessions");
      } catch (StoreException e) {
        if (!RedisConnection.isWrongType(e)) {
          throw e;
        }
        log.corrupt(digest, "the key is not a hash");
        stale.add(digest.getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (hash.isEmpty() && redis.isCluster()) {
        // On Cluster a sign-in files its index entry before it writes the session: an absent
        // hash may be a commit in flight, and pruning it would leave that session out of its
        // user's index for good. The entry goes once its deadline passes (list.lua).
        continue;
      }
      Snapshot snapshot = decoder.liveOrNull("~" + digest, digest, hash, now);
      if (snapshot == null || !user.equals(snapshot.user())) {
        stale.add(digest.getBytes(StandardCharsets.UTF_8));
        continue;
      }
      String id = ids.idOf(digest, hash);
      if (id != null) {
        live.add(new Found(digest, withId(snapshot, id)));
      }
    }
    if (!stale.isEmpty()) {
      redis.await(commands.zrem(index, stale.toArray(byte[][]::new)), "prune a user's index");
    }
    return live;
  }

  private static Snapshot withId(Snapshot s, String id) {
    return Snapshot.builder(id, s.csrfToken())
        .user(s.user(), s.authenticatedAtMillis())
        .createdAt(s.createdAtMillis())
        .lastAccessedAt(s.lastAccessedAtMillis())
        .expiresAt(s.expiresAtMillis())
        .version(s.version())
        .idleTimeoutMillis(s.idleTimeoutMillis())
        .attributes(s.attributes())
        .build();
  }
}
