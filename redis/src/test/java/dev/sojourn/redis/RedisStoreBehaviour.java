package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.MaxSessionsPolicy;
import dev.sojourn.SessionManager;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.VersionConflictException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the Redis store promises beyond the store contract (layout, TTLs, user index, rotation
 * collisions), run against standalone Redis and Redis Cluster by the two subclasses.
 */
abstract class RedisStoreBehaviour extends RedisStoreFixture {
  @Test
  void redisHoldsNoSessionId_onlyItsDigest() {
    String id = create("alice");
    List<String> keys = keys();
    assertThat(keys).contains(prefix + "s:{" + Keys.digest(id) + "}");
    for (String key : keys) {
      assertThat(key).doesNotContain(id).doesNotContain("alice");
      Object dump =
          key.contains(":u:")
              ? nodeOf(key).command("ZRANGE", key, "0", "-1")
              : nodeOf(key).command("HGETALL", key);
      assertThat(String.valueOf(dump)).doesNotContain(id);
    }
  }

  @Test
  void aChangeOfThousandsOfAttributes_isAppliedWhole() {
    // commit.lua's HSET and HDEL take at most 1,000 arguments each (Lua's unpack): cross that.
    String id = tokens.next();
    SessionChange.Builder create = SessionChange.create(id, tokens.next(), clock.millis());
    for (int i = 0; i < 1_500; i++) {
      create.put("k" + i, bytes(i));
    }
    store.commit(create.ttl(TTL).build());
    SessionChange.Builder update = SessionChange.update(id);
    for (int i = 0; i < 1_200; i++) {
      update.remove("k" + i);
    }
    for (int i = 1_500; i < 2_300; i++) {
      update.put("k" + i, bytes(i));
    }
    store.commit(update.ttl(TTL).build());
    java.util.Map<String, byte[]> attributes = Objects.requireNonNull(store.load(id)).attributes();
    assertThat(attributes).hasSize(1_100).containsKeys("k1200", "k1499", "k1500", "k2299");
    assertThat(attributes).doesNotContainKeys("k0", "k999", "k1199");
    assertThat(attributes.get("k2299")).isEqualTo(bytes(2_299));

    store.commit(SessionChange.update(id).clearAttributes().put("only", bytes(1)).ttl(TTL).build());
    assertThat(Objects.requireNonNull(store.load(id)).attributes()).containsOnlyKeys("only");
  }

  @Test
  void everyKey_hasATtl_afterAConcurrentRun() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      ids.add(create(i % 2 == 0 ? "user" + (i % 4) : null));
    }
    List<String> live = java.util.Collections.synchronizedList(ids);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(pool.submit(() -> exerciseAtRandom(live, 250)));
      }
      for (Future<?> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> keys = keys();
    assertThat(keys).isNotEmpty();
    for (String key : keys) {
      assertThat(pttl(key)).as("PTTL of %s", key).isPositive();
    }
  }

  private Void exerciseAtRandom(List<String> ids, int operations) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int op = 0; op < operations; op++) {
      String id = ids.get(random.nextInt(ids.size()));
      try {
        switch (random.nextInt(7)) {
          case 0 -> store.load(id);
          case 1 -> store.drop(id);
          case 2 -> ids.add(create(random.nextBoolean() ? "user" + random.nextInt(4) : null));
          case 3 -> {
            String next = tokens.next();
            store.commit(SessionChange.update(id).rotateTo(next, tokens.next()).ttl(TTL).build());
            ids.add(next);
          }
          case 4 ->
              store.commit(
                  SessionChange.update(id).user("user" + random.nextInt(4), 1).ttl(TTL).build());
          case 5 -> store.commit(SessionChange.update(id).user(null, 0).ttl(TTL).build());
          default ->
              store.commit(
                  SessionChange.update(id).put("n", bytes(op)).expectVersion(1).ttl(TTL).build());
        }
      } catch (SessionNotFoundException | VersionConflictException expected) {
        // ended or changed by another thread
      }
    }
    return null;
  }

  private static byte[] bytes(int value) {
    return Integer.toString(value).getBytes(UTF_8);
  }

  @Test
  void rotation_ontoALiveId_isRejected_andKeepsTheSession() {
    String id = create("alice");
    String occupied = create(null);
    SessionChange change =
        SessionChange.update(id)
            .rotateTo(occupied, tokens.next())
            .put("b", bytes(2))
            .ttl(TTL)
            .build();
    assertThatThrownBy(() -> store.commit(change)).isInstanceOf(IllegalStateException.class);
    Snapshot kept = Objects.requireNonNull(store.load(id));
    assertThat(kept.user()).isEqualTo("alice");
    assertThat(kept.attributes()).containsOnlyKeys("a");
    assertThat(kept.version()).isEqualTo(1);
    assertThat(Objects.requireNonNull(store.load(occupied)).user()).isNull();
  }

  @Test
  void sessionsOf_listsTheUsersLiveSessions() {
    String first = create("alice");
    String second = create("alice");
    create("bob");
    create(null);

    List<Snapshot> sessions = store.sessionsOf("alice");

    assertThat(sessions).extracting(Snapshot::id).containsExactlyInAnyOrder(first, second);
    assertThat(sessions).allSatisfy(s -> assertThat(s.user()).isEqualTo("alice"));
    assertThat(sessions).allSatisfy(s -> assertThat(s.attributes()).containsOnlyKeys("a"));
    assertThat(store.sessionsOf("carol")).isEmpty();
  }

  @Test
  void sessionsOf_forgetsSessions_thatSignedOutWereDroppedOrExpired() {
    String signedOut = create("alice");
    String dropped = create("alice");
    store.commit(SessionChange.update(signedOut).user(null, 0).ttl(TTL).build());
    store.drop(dropped);
    String stays = create("alice");
    assertThat(store.sessionsOf("alice")).extracting(Snapshot::id).containsExactly(stays);

    clock.advance(TTL);
    assertThat(store.sessionsOf("alice")).isEmpty();
    // On Cluster the dropped session's member (no hash: perhaps a sign-in in flight) stays until
    // its score passes: the deadline plus the index's slack, an eighth of the ttl.
    clock.advance(TTL.dividedBy(8));
    assertThat(store.sessionsOf("alice")).isEmpty();
    String index = prefix + "u:{" + Keys.digest("alice") + "}";
    assertThat(keys()).doesNotContain(index);
  }

  @Test
  void sessionsOf_followsARotation_andAChangeOfUser() {
    String id = create("alice");
    String rotated = tokens.next();
    store.commit(SessionChange.update(id).rotateTo(rotated, tokens.next()).ttl(TTL).build());
    assertThat(store.sessionsOf("alice")).extracting(Snapshot::id).containsExactly(rotated);

    store.commit(SessionChange.update(rotated).user("bob", clock.millis()).ttl(TTL).build());
    assertThat(store.sessionsOf("alice")).isEmpty();
    assertThat(store.sessionsOf("bob")).hasSize(1);
  }

  @Test
  void dropSessionsOf_revokesEverySessionOfTheUser_andNoOther() {
    String first = create("alice");
    String second = create("alice");
    String bobs = create("bob");

    assertThat(store.dropSessionsOf("alice")).isEqualTo(2);

    assertThat(store.load(first)).isNull();
    assertThat(store.load(second)).isNull();
    assertThat(store.load(bobs)).isNotNull();
    assertThat(store.sessionsOf("alice")).isEmpty();
  }

  @Test
  void sessionsOf_leavesOutSessionsSealedUnderAnotherKey_andWithoutAKeyIsUnsupported() {
    String mine = create("alice");
    byte[] otherKey = new byte[32];
    try (RedisStore other = builder().clock(clock).keyPrefix(prefix).idKey(otherKey).build();
        RedisStore keyless = builder().clock(clock).keyPrefix(prefix).build()) {
      String theirs = tokens.next();
      other.commit(
          SessionChange.create(theirs, tokens.next(), clock.millis())
              .user("alice", clock.millis())
              .ttl(TTL)
              .build());
      assertThat(store.sessionsOf("alice")).extracting(Snapshot::id).containsExactly(mine);
      assertThat(store.corruptSessions()).isEqualTo(1);
      assertThat(other.sessionsOf("alice")).extracting(Snapshot::id).containsExactly(theirs);
      assertThatThrownBy(() -> keyless.sessionsOf("alice"))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("idKey");
      assertThat(keyless.dropSessionsOf("alice")).isEqualTo(2);
      assertThat(store.listsSessions()).isTrue();
      assertThat(keyless.listsSessions()).isFalse();
    }
  }

  /**
   * A per-user cap lists the user's sessions at every sign-in; without an idKey the store cannot,
   * so the manager refuses the cap when it is built, not at the first sign-in (where the session
   * would already be stored, and the request fail).
   */
  @Test
  void maxSessionsPerUser_onAStoreWithoutAnIdKey_isRefusedWhenTheManagerIsBuilt() {
    try (RedisStore keyless = builder().clock(clock).keyPrefix(prefix).build()) {
      for (MaxSessionsPolicy policy : MaxSessionsPolicy.values()) {
        assertThatThrownBy(
                () ->
                    SessionManager.builder()
                        .store(keyless)
                        .clock(clock)
                        .maxSessionsPerUser(2, policy)
                        .build())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("maxSessionsPerUser")
            .hasMessageContaining("idKey");
      }
    }
    try (SessionManager capped =
        SessionManager.builder()
            .store(store)
            .clock(clock)
            .maxSessionsPerUser(2, MaxSessionsPolicy.END_OLDEST)
            .build()) {
      assertThat(capped.sessionsOf("nobody")).isEmpty();
    }
  }

  @Test
  void userIndex_livesAtLeastAsLongAsItsSessions() {
    String id = create("alice");
    clock.advance(Duration.ofMinutes(10));
    store.commit(SessionChange.update(id).ttl(Duration.ofHours(2)).build());
    String index = prefix + "u:{" + Keys.digest("alice") + "}";
    String session = prefix + "s:{" + Keys.digest(id) + "}";
    assertThat(pttl(index)).isGreaterThanOrEqualTo(pttl(session) - 50);
    assertThat(pttl(session)).isGreaterThan(Duration.ofMinutes(119).toMillis());
  }
}
