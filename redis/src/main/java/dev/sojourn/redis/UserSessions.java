package dev.sojourn.redis;

import dev.sojourn.store.Snapshot;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads, and prunes, one user's index: see {@link RedisStore#sessionsOf}. */
final class UserSessions {
  /** Decodes one stored hash into a live snapshot, or null (absent, expired, corrupt). */
  interface Decoder {
    @Nullable Snapshot liveOrNull(String id, String digest, Map<byte[], byte[]> hash, long now);
  }

  private final RedisConnection redis;
  private final Keys keys;
  private final Decoder decoder;

  UserSessions(RedisConnection redis, Keys keys, Decoder decoder) {
    this.redis = redis;
    this.keys = keys;
    this.decoder = decoder;
  }

  List<Snapshot> list(String user, long now) {
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
    List<Map<byte[], byte[]>> hashes = redis.awaitAll(reads, "read a user's sessions");
    List<Snapshot> live = new ArrayList<>();
    for (int i = 0; i < hashes.size(); i++) {
      String digest = digests.get(i);
      Snapshot snapshot = decoder.liveOrNull(RedisStore.handle(digest), digest, hashes.get(i), now);
      if (snapshot != null && user.equals(snapshot.user())) {
        live.add(snapshot);
      } else {
        stale.add(digest.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!stale.isEmpty()) {
      redis.await(commands.zrem(index, stale.toArray(byte[][]::new)), "prune a user's index");
    }
    return live;
  }
}
