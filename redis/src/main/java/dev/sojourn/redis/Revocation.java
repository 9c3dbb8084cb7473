package dev.sojourn.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Ends every session of one user, by digest (no idKey needed), complete with respect to rotation.
 *
 * <p>Standalone: one script ({@code revoke.lua}) reads the index and deletes every hash it names,
 * atomically; a rotation is one script too, so it lands wholly before or wholly after.
 *
 * <p>Cluster: the index and the sessions live on different nodes, and a rotation takes two steps
 * (see {@link ClusterCommit}). Each listed digest gets {@code revoke_one.lua}: delete the hash if
 * it is the user's, leave a short-lived "revoked" marker, and report the forward a rotation left,
 * which is revoked next; then the processed entries leave the index. O(sessions of the user) round
 * trips.
 */
final class Revocation {
  /** One live session that was ended: its digest and its sealed ID (empty if it had none). */
  record Ended(String digest, byte[] sealedId) {}

  private final RedisConnection redis;
  private final Keys keys;
  private final long markerTtlMillis;
  private final @Nullable DeadlineSets deadlines;

  Revocation(
      RedisConnection redis, Keys keys, long markerTtlMillis, @Nullable DeadlineSets deadlines) {
    this.deadlines = deadlines;
    this.redis = redis;
    this.keys = keys;
    this.markerTtlMillis = markerTtlMillis;
  }

  /**
   * Ends every live session in {@code user}'s index but the one whose digest is {@code spare}.
   *
   * @param journal with durable security writes, where every command goes (see {@link
   *     DurableWrites}); null to let the connection route them
   */
  List<Ended> revoke(String user, String spare, long now, DurableWrites.@Nullable Journal journal) {
    byte[] index = bytes(keys.userIndex(user));
    return redis.isCluster()
        ? onCluster(index, spare, now, journal)
        : standalone(index, spare, now, journal);
  }

  private List<Ended> standalone(
      byte[] index, String spare, long now, DurableWrites.@Nullable Journal journal) {
    List<Object> reply =
        redis.eval(
            Script.REVOKE,
            deadlines == null ? new byte[][] {index} : new byte[][] {index, deadlines.all().get(0)},
            new byte[][] {
              bytes(keys.prefix()),
              bytes(SessionHash.LAYOUT_VERSION),
              bytes(Long.toString(now)),
              bytes(spare)
            },
            "revoke a user's sessions",
            journal);
    List<Ended> ended = new ArrayList<>();
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      ended.add(new Ended(CommitScript.text(reply, i), (byte[]) reply.get(i + 1)));
    }
    return ended;
  }

  private List<Ended> onCluster(
      byte[] index, String spare, long now, DurableWrites.@Nullable Journal journal) {
    List<Object> members =
        redis.eval(
            Script.LIST,
            new byte[][] {index},
            new byte[][] {bytes(Long.toString(now))},
            "revoke a user's sessions (list)");
    Deque<String> pending = new ArrayDeque<>();
    List<byte[]> listed = new ArrayList<>();
    for (Object member : members) {
      String digest = new String((byte[]) member, StandardCharsets.UTF_8);
      if (!digest.equals(spare)) {
        listed.add((byte[]) member);
        if (Keys.isDigest(digest)) {
          pending.add(digest);
        }
      }
    }
    Set<String> seen = new HashSet<>(pending);
    String owner = new String(index, StandardCharsets.UTF_8);
    List<Ended> ended = new ArrayList<>();
    while (!pending.isEmpty()) {
      String digest = pending.poll();
      List<Object> reply =
          redis.eval(
              Script.REVOKE_ONE,
              revokeOneKeys(digest),
              new byte[][] {
                bytes(SessionHash.LAYOUT_VERSION),
                bytes(Long.toString(now)),
                bytes(owner),
                bytes(Long.toString(markerTtlMillis))
              },
              "revoke a user's session",
              journal);
      if (CommitScript.number(reply, 0) == 1) {
        ended.add(new Ended(digest, (byte[]) reply.get(1)));
      }
      String next = CommitScript.text(reply, 2);
      if (Keys.isDigest(next) && !next.equals(spare) && seen.add(next)) {
        pending.add(next);
        listed.add(bytes(next));
      }
    }
    if (!listed.isEmpty()) {
      redis.await(
          redis.writer(index, journal).zrem(index, listed.toArray(byte[][]::new)),
          "revoke a user's sessions (prune the index)");
    }
    return ended;
  }

  private byte[][] revokeOneKeys(String digest) {
    byte[] session = keys.sessionByDigest(digest);
    DeadlineSets sets = deadlines;
    return sets == null
        ? new byte[][] {session, keys.revokedMarker(digest), keys.forward(digest)}
        : new byte[][] {
          session, keys.revokedMarker(digest), keys.forward(digest), sets.setFor(digest)
        };
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
