package dev.sojourn.redis;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.StoreException;
import dev.sojourn.store.VersionConflictException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A commit on Redis Cluster, where one script reaches one slot only: the order of steps that keeps
 * the guarantees {@link RedisStore} documents (never two live IDs; a user index that is a superset
 * of the user's sessions, never a subset; a revoke that no rotation outruns).
 *
 * <p>A rotation A -> B against a revoke ({@link Revocation}): step 1 removes A and leaves a forward
 * A -> B; step 2 writes B unless a revoke marked B; the index then swaps A for B. A revoke that
 * reaches A before step 1 ends it (step 1 then finds nothing); one that reaches A after step 1
 * follows the forward to B and marks it, so step 2 is refused or B, already written, is deleted. A
 * marker lives {@code markerTtl}; step 2 is not sent once half of it has passed since step 1 was
 * (the session is then lost: fail closed), so no step 2 can land after its marker expired.
 *
 * <p>Exactly once: step 1 keeps the hash it took under {@code t:{old digest}} with the change's
 * commit identity for a quarter of the marker life, so a repeat of step 1 (its reply lost, or the
 * caller committing the same change again) answers the same fields, and step 2 answers a repeat of
 * itself (the new hash holds the identity) instead of reporting a collision and restoring the old
 * ID. A repeat of the whole rotation thus lands step 2 at most a quarter plus a half of the marker
 * life after the first step 1, still inside the life of any marker a revoke left after it.
 */
final class ClusterCommit {
  private final RedisConnection redis;
  private final Keys keys;
  private final long markerTtlMillis;
  private final LongSupplier nanoTime;
  private final @Nullable DeadlineSets deadlines;
  private final DurableWrites.@Nullable Journal journal;

  /**
   * @param journal with durable security writes, where every step goes (see {@link DurableWrites});
   *     null to let the cluster connection route them
   */
  ClusterCommit(
      RedisConnection redis,
      Keys keys,
      long markerTtlMillis,
      LongSupplier nanoTime,
      @Nullable DeadlineSets deadlines,
      DurableWrites.@Nullable Journal journal) {
    this.deadlines = deadlines;
    this.journal = journal;
    this.redis = redis;
    this.keys = keys;
    this.markerTtlMillis = markerTtlMillis;
    this.nanoTime = nanoTime;
  }

  long run(
      SessionChange change,
      long now,
      long deadline,
      long keyTtl,
      String userIndex,
      String source,
      String destination,
      byte[] sealedId) {
    boolean rotating = change.newId() != null;
    String replaced = rotating ? source : "";
    if (!userIndex.isEmpty()) {
      // Filed first: a crash after this leaves a stale entry (pruned on read), never a session
      // missing from its user's index. The old ID's entry stays until the session is written.
      index(
          userIndex,
          now,
          deadline,
          keyTtl,
          destination,
          "",
          change.kind() != SessionChange.Kind.CREATE);
    }
    List<byte[]> base = List.of();
    long takenTtl = 0;
    long tookAt = nanoTime.getAsLong();
    if (rotating) {
      List<Object> taken =
          redis.evalRepeatable(
              Script.TAKE,
              withDeadlineSet(
                  source, keys.sessionByDigest(source), keys.forward(source), keys.taken(source)),
              new byte[][] {
                bytes(SessionHash.LAYOUT_VERSION),
                bytes(Long.toString(now)),
                bytes(Long.toString(change.expectedVersion())),
                bytes(destination),
                bytes(Long.toString(Math.max(keyTtl, markerTtlMillis))),
                change.commitId(),
                bytes(Long.toString(Math.max(1, markerTtlMillis / 4)))
              },
              "commit (rotation step 1: take the old id)",
              journal);
      long status = CommitScript.number(taken, 0);
      if (status == 1) {
        throw new SessionNotFoundException("commit");
      }
      if (status == 2) {
        throw new VersionConflictException(change.expectedVersion(), CommitScript.number(taken, 1));
      }
      takenTtl = CommitScript.number(taken, 1);
      List<byte[]> fields = new ArrayList<>();
      for (Object item : taken.subList(2, taken.size())) {
        fields.add((byte[]) item);
      }
      base = fields;
    }
    if (rotating && nanoTime.getAsLong() - tookAt > markerTtlMillis * 500_000L) {
      throw new StoreException(
          "rotation: the old id is dead, and the new one is not written because more than half the"
              + " revoked-marker ttl ("
              + markerTtlMillis
              + " ms) has passed since, so a revoke could no longer stop it: the session is lost"
              + " (fail closed) unless the same change is committed again within "
              + markerTtlMillis / 4
              + " ms of the first attempt");
    }
    byte[] key = keys.sessionByDigest(destination);
    byte[][] args =
        CommitScript.args(
            change, now, deadline, keyTtl, userIndex, false, source, destination, sealedId, base);
    byte[][] scriptKeys =
        rotating || deadlines != null
            ? withDeadlineSet(destination, key, key, keys.revokedMarker(destination))
            : new byte[][] {key, key};
    List<Object> reply;
    try {
      reply = redis.evalRepeatable(Script.COMMIT, scriptKeys, args, "commit", journal);
    } catch (StoreException e) {
      if (!rotating) {
        throw e;
      }
      throw new StoreException(
          "rotation: the old id is dead but the session could not be written under the new id,"
              + " so it is lost (fail closed) unless the same change is committed again within "
              + markerTtlMillis / 4
              + " ms of the first attempt: "
              + e.getMessage(),
          e);
    }
    if (rotating && CommitScript.number(reply, 0) == 3) {
      restore(source, takenTtl, base);
    }
    CommitScript.Applied applied = CommitScript.read(reply, change.expectedVersion());
    if (!applied.userIndex().isEmpty() && (rotating || !applied.userIndex().equals(userIndex))) {
      index(applied.userIndex(), now, deadline, keyTtl, destination, replaced, true);
    }
    return applied.version();
  }

  /**
   * Files {@code member} in a user index; {@code existing} (an existing session's entry) lets it
   * run on a server at maxmemory, where a new session's entry is refused (see index.lua).
   */
  private void index(
      String userIndex,
      long now,
      long deadline,
      long keyTtl,
      String member,
      String replaced,
      boolean existing) {
    redis.evalRepeatable(
        Script.INDEX,
        new byte[][] {bytes(userIndex)},
        new byte[][] {
          bytes(Long.toString(now)),
          bytes(Long.toString(deadline)),
          bytes(Long.toString(keyTtl)),
          bytes(member),
          bytes(replaced),
          bytes(existing ? "1" : "0")
        },
        "commit (user index)",
        journal);
  }

  private void restore(String source, long ttl, List<byte[]> fields) {
    List<byte[]> args = new ArrayList<>();
    args.add(bytes(Long.toString(Math.max(1, ttl))));
    args.addAll(fields);
    redis.evalRepeatable(
        Script.RESTORE,
        withDeadlineSet(source, keys.sessionByDigest(source), keys.revokedMarker(source)),
        args.toArray(byte[][]::new),
        "commit (rotation: restore the old id)",
        journal);
  }

  /** {@code scriptKeys}, then the deadline set of {@code digest} if expiry events are on. */
  private byte[][] withDeadlineSet(String digest, byte[]... scriptKeys) {
    DeadlineSets sets = deadlines;
    if (sets == null) {
      return scriptKeys;
    }
    byte[][] all = java.util.Arrays.copyOf(scriptKeys, scriptKeys.length + 1);
    all[scriptKeys.length] = sets.setFor(digest);
    return all;
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
