package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.Snapshot;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisServer;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Sign out everywhere" on Redis: complete with respect to rotation (raced on a real server), and
 * independent of the idKey. Run against standalone Redis and Redis Cluster by the subclasses.
 */
abstract class RevocationBehaviour {
  static final Duration TTL = Duration.ofMinutes(30);

  /** Races per case; {@code -Dsojourn.revokeRaces=N} runs more. */
  static final int RACES = Integer.getInteger("sojourn.revokeRaces", 300);

  private static final AtomicInteger PREFIXES = new AtomicInteger();

  final MutableClock clock = MutableClock.start();
  final TokenGenerator tokens = TokenGenerator.secure();
  final byte[] key = randomKey();
  String prefix = "";
  RedisStore store;

  abstract RedisServerExtension redis();

  RedisStore.Builder builder() {
    RedisServerExtension redis = redis();
    RedisStore.Builder builder = RedisStore.builder().clock(clock).keyPrefix(prefix);
    return redis.isCluster() ? builder.clusterUris(redis.uris()) : builder.uri(redis.uri());
  }

  static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  @BeforeEach
  void open() {
    prefix = "revoke" + PREFIXES.incrementAndGet() + ":";
    store = builder().idKey(key).build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  String create(RedisStore into, @Nullable String user) {
    String id = tokens.next();
    SessionChange.Builder change = SessionChange.create(id, tokens.next(), clock.millis());
    if (user != null) {
      change.user(user, clock.millis());
    }
    into.commit(change.ttl(TTL).build());
    return id;
  }

  boolean live(String id) {
    return store.load(id) != null;
  }

  @Test
  void revokeAll_racingARotation_leavesNoSessionOfTheUser() throws Exception {
    assertThat(race(false)).as("sessions that survived %d races", RACES).isZero();
    everyKeyHasATtl();
  }

  /** Markers and forwards included: no key under this test's prefix lives forever. */
  void everyKeyHasATtl() {
    for (RedisServer node : redis().nodes()) {
      String cursor = "0";
      do {
        List<?> reply =
            (List<?>) node.command("SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000");
        cursor = (String) Objects.requireNonNull(reply).get(0);
        for (Object key : (List<?>) reply.get(1)) {
          // -1: no TTL (the defect); -2: gone since SCAN listed it (a short-lived key expired).
          assertThat((Long) node.command("PTTL", (String) key))
              .as("PTTL of %s", key)
              .isNotEqualTo(-1L);
        }
      } while (!cursor.equals("0"));
    }
  }

  @Test
  void revokeAll_racingARotationThatSignsInAgain_leavesNoSessionOfTheUser() throws Exception {
    assertThat(race(true)).as("sessions that survived %d races", RACES).isZero();
  }

  /**
   * Races {@code revokeSessionsOf("alice")} against one rotation A -> B of alice's session, {@link
   * #RACES} times, and counts the races after which A or B is still live.
   */
  private int race(boolean signInAgain) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    int survivors = 0;
    AtomicInteger rotated = new AtomicInteger();
    AtomicInteger stoppedMidway = new AtomicInteger();
    try {
      for (int i = 0; i < RACES; i++) {
        String a = create(store, "alice");
        String b = tokens.next();
        SessionChange.Builder rotation = SessionChange.update(a).rotateTo(b, tokens.next());
        if (signInAgain) {
          rotation.user("alice", clock.millis());
        }
        SessionChange change = rotation.ttl(TTL).build();
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> rotate =
            pool.submit(
                () -> {
                  start.await();
                  try {
                    store.commit(change);
                    rotated.incrementAndGet();
                  } catch (SessionNotFoundException revokedFirst) {
                    // the revoke ended A first, or marked B (Cluster): fine
                    if (String.valueOf(revokedFirst.getMessage()).contains("revoked while")) {
                      stoppedMidway.incrementAndGet();
                    }
                  }
                  return null;
                });
        Future<?> revoke =
            pool.submit(
                () -> {
                  start.await();
                  return store.revokeSessionsOf("alice", "");
                });
        rotate.get(30, TimeUnit.SECONDS);
        revoke.get(30, TimeUnit.SECONDS);
        if (live(a) || live(b)) {
          survivors++;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf(
        "%s: %d races, the rotation landed in %d, was stopped midway in %d; %d survivors%n",
        getClass().getSimpleName(), RACES, rotated.get(), stoppedMidway.get(), survivors);
    return survivors;
  }

  @Test
  void revoke_withoutAnIdKey_endsTheSessions() {
    String first = create(store, "alice");
    String second = create(store, "alice");
    String bobs = create(store, "bob");
    try (RedisStore keyless = builder().build()) {
      assertThat(keyless.revokeSessionsOf("alice", "")).as("no key: no ID to return").isEmpty();
    }
    assertThat(live(first)).isFalse();
    assertThat(live(second)).isFalse();
    assertThat(live(bobs)).isTrue();
  }

  @Test
  void revoke_withAnotherIdKey_endsTheSessions() {
    String first = create(store, "alice");
    String second = create(store, "alice");
    try (RedisStore other = builder().idKey(randomKey()).build()) {
      other.revokeSessionsOf("alice", "");
    }
    assertThat(live(first)).isFalse();
    assertThat(live(second)).isFalse();
  }

  @Test
  void revoke_returnsTheEndedIds_sparesTheExceptedOne_andNoOtherUser() {
    String laptop = create(store, "alice");
    String phone = create(store, "alice");
    String tablet = create(store, "alice");
    String bobs = create(store, "bob");
    String anonymous = create(store, null);

    List<String> ended = store.revokeSessionsOf("alice", laptop);

    assertThat(ended).containsExactlyInAnyOrder(phone, tablet);
    assertThat(live(laptop)).isTrue();
    assertThat(live(phone)).isFalse();
    assertThat(live(tablet)).isFalse();
    assertThat(live(bobs)).isTrue();
    assertThat(live(anonymous)).isTrue();
    assertThat(store.sessionsOf("alice")).extracting(s -> s.id()).containsExactly(laptop);
  }

  @Test
  void revoke_leavesASessionThatMovedToAnotherUser() {
    String moved = create(store, "alice");
    String signedOut = create(store, "alice");
    store.commit(SessionChange.update(moved).user("bob", clock.millis()).ttl(TTL).build());
    store.commit(SessionChange.update(signedOut).user(null, 0).ttl(TTL).build());

    assertThat(store.revokeSessionsOf("alice", "")).isEmpty();

    assertThat(live(moved)).isTrue();
    assertThat(live(signedOut)).isTrue();
  }

  @Test
  void dropSessionsOf_withoutAnIdKey_countsTheSessionsItEnded() {
    String first = create(store, "alice");
    String second = create(store, "alice");
    try (RedisStore keyless = builder().build()) {
      assertThat(keyless.dropSessionsOf("alice")).isEqualTo(2);
    }
    assertThat(live(first)).isFalse();
    assertThat(live(second)).isFalse();
  }

  @Test
  void keyRotation_listsIdsSealedUnderAnOlderKey_andSealsNewOnesUnderTheNewest() {
    String old = create(store, "alice");
    byte[] newer = randomKey();
    try (RedisStore rotated = builder().idKeys(List.of(newer, key)).build();
        RedisStore newestOnly = builder().idKey(newer).build()) {
      String fresh = create(rotated, "alice");

      assertThat(rotated.sessionsOf("alice"))
          .extracting(Snapshot::id)
          .containsExactlyInAnyOrder(old, fresh);
      assertThat(newestOnly.sessionsOf("alice")).extracting(Snapshot::id).containsExactly(fresh);
      assertThat(store.sessionsOf("alice")).extracting(Snapshot::id).containsExactly(old);

      String rotatedOld = tokens.next();
      rotated.commit(
          SessionChange.update(old).rotateTo(rotatedOld, tokens.next()).ttl(TTL).build());
      assertThat(newestOnly.sessionsOf("alice"))
          .as("a rotation seals the new ID under the newest key")
          .extracting(Snapshot::id)
          .containsExactlyInAnyOrder(fresh, rotatedOld);

      assertThat(rotated.revokeSessionsOf("alice", ""))
          .containsExactlyInAnyOrder(rotatedOld, fresh);
      assertThat(live(fresh)).isFalse();
      assertThat(live(rotatedOld)).isFalse();
    }
  }

  @Test
  void idKeys_rejectsNoKey_andAKeyOfTheWrongSize_namingIt() {
    assertThatThrownBy(() -> RedisStore.builder().idKeys(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one key");
    assertThatThrownBy(() -> RedisStore.builder().idKeys(List.of(randomKey(), new byte[16])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("idKeys[1] must be 32 bytes (AES-256), was 16 bytes");
  }
}
