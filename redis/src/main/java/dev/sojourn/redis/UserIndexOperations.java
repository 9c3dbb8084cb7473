package dev.sojourn.redis;

import dev.sojourn.store.Snapshot;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@link dev.sojourn.store.UserIndex} side of {@link RedisStore}: listing a user's sessions
 * ({@link UserSessions}, which needs the idKey) and ending them ({@link Revocation}, by digest,
 * followed by the durable wait), with the contracts documented on {@link RedisStore#sessionsOf},
 * {@link RedisStore#revokeSessionsOf} and {@link RedisStore#dropSessionsOf}. Thread-safe.
 */
final class UserIndexOperations {
  private final RedisConnection redis;
  private final Keys keys;
  private final InstantSource clock;
  private final @Nullable IdCipher ids;
  private final long markerTtlMillis;
  private final @Nullable DeadlineSets deadlines;
  private final SessionReads reads;
  private final SessionWrites writes;

  UserIndexOperations(
      RedisConnection redis,
      Keys keys,
      RedisStoreSettings settings,
      @Nullable IdCipher ids,
      @Nullable DeadlineSets deadlines,
      SessionReads reads,
      SessionWrites writes) {
    this.redis = redis;
    this.keys = keys;
    this.clock = settings.clock();
    this.ids = ids;
    this.markerTtlMillis = settings.markerTtlMillis();
    this.deadlines = deadlines;
    this.reads = reads;
    this.writes = writes;
  }

  boolean listsSessions() {
    return ids != null;
  }

  List<Snapshot> sessionsOf(String user) {
    Objects.requireNonNull(user, "user");
    IdCipher cipher = ids;
    if (cipher == null) {
      throw new UnsupportedOperationException(
          "RedisStore lists sessions by user only when built with idKey(...): without a key it"
              + " never stores session IDs, only their SHA-256");
    }
    return new UserSessions(redis, keys, reads::liveOrNull, reads::logCorrupt)
        .sessionsOf(user, clock.millis(), cipher);
  }

  List<String> revokeSessionsOf(String user, String exceptId) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(exceptId, "exceptId");
    String spare = exceptId.isEmpty() ? "" : keys.digestOf(exceptId);
    List<String> ended = new ArrayList<>();
    DurableWrites.Journal journal = writes.journal();
    List<Revocation.Ended> revoked = revocation().revoke(user, spare, clock.millis(), journal);
    writes.awaitDurable(journal, "revoke");
    for (Revocation.Ended one : revoked) {
      String id = openedIdOrNull(one);
      if (id != null) {
        ended.add(id);
      }
    }
    return ended;
  }

  int dropSessionsOf(String user) {
    Objects.requireNonNull(user, "user");
    DurableWrites.Journal journal = writes.journal();
    int count = revocation().revoke(user, "", clock.millis(), journal).size();
    writes.awaitDurable(journal, "revoke");
    return count;
  }

  private @Nullable String openedIdOrNull(Revocation.Ended ended) {
    IdCipher cipher = ids;
    if (cipher == null || ended.sealedId().length == 0) {
      return null;
    }
    try {
      return cipher.open(ended.sealedId(), ended.digest());
    } catch (SessionHash.CorruptSessionException e) {
      return null;
    }
  }

  private Revocation revocation() {
    return new Revocation(redis, keys, markerTtlMillis, deadlines);
  }
}
