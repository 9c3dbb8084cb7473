package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.StoreException;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code durableSecurityWrites} against a real primary and a real replica ({@code --replicaof}):
 * drops, rotations, sign-outs and revokes return only once the replica holds them, survive the
 * replica's promotion, and fail closed when the replica does not acknowledge in time.
 */
class DurableWritesTest {
  private static final Duration TTL = SignedIn.TTL;
  private static final Duration WAIT = Duration.ofMillis(200);
  private static final int ROUNDS = 200;

  private final MutableClock clock = MutableClock.start();
  private final TokenGenerator tokens = TokenGenerator.secure();
  private final String prefix = "durable:" + tokens.next() + ":";
  private final Keys keys = new Keys(prefix, null);
  private RedisServer primary;
  private RedisServer replica;

  @BeforeEach
  void start() {
    primary = RedisServer.start(List.of());
    replica =
        RedisServer.start(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
    awaitLinkUp();
  }

  @AfterEach
  void stop() {
    replica.close();
    primary.close();
  }

  private void awaitLinkUp() {
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!info(replica).contains("master_link_status:up")
        || !info(primary).contains("connected_slaves:1")) {
      assertThat(System.nanoTime()).as("replication link up within 15 s").isLessThan(until);
      Thread.onSpinWait();
    }
  }

  private static String info(RedisServer server) {
    return String.valueOf(server.command("INFO", "replication"));
  }

  private RedisStore store(String uri, boolean durable) {
    RedisStore.Builder builder = RedisStore.builder().uri(uri).clock(clock).keyPrefix(prefix);
    return (durable ? builder.durableSecurityWrites(1, WAIT) : builder).build();
  }

  private String create(RedisStore store, String user) {
    return SignedIn.create(store, tokens, clock, user);
  }

  private boolean replicaHas(String id) {
    byte[] key = keys.sessionByDigest(keys.digestOf(id));
    return (Long) Objects.requireNonNull(replica.commandBytes(bytes("EXISTS"), key)) == 1;
  }

  private boolean replicaHasUser(String id) {
    byte[] key = keys.sessionByDigest(keys.digestOf(id));
    return (Long) Objects.requireNonNull(replica.commandBytes(bytes("HEXISTS"), key, bytes("u")))
        == 1;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void drop_rotation_signOut_revoke_returnOnlyOnceTheReplicaHoldsThem() {
    try (RedisStore store = store(primary.uri(), true)) {
      for (int i = 0; i < ROUNDS; i++) {
        String dropped = create(store, "alice");
        assertThat(store.drop(dropped)).isTrue();
        assertThat(replicaHas(dropped)).as("replica still holds a dropped session").isFalse();

        String old = create(store, "bob");
        String rotated = tokens.next();
        store.commit(SessionChange.update(old).rotateTo(rotated, tokens.next()).ttl(TTL).build());
        assertThat(replicaHas(old)).as("replica still holds the pre-rotation ID").isFalse();

        String signedIn = create(store, "carol");
        store.commit(SessionChange.update(signedIn).user(null, 0).ttl(TTL).build());
        assertThat(replicaHasUser(signedIn)).as("replica still has the user signed in").isFalse();

        String revoked = create(store, "dave");
        assertThat(store.dropSessionsOf("dave")).isEqualTo(1);
        assertThat(replicaHas(revoked)).as("replica still holds a revoked session").isFalse();
      }
    }
  }

  /** Not an assertion: how often, without the option, the replica still held a dropped ID. */
  @Test
  void withoutTheOption_measureHowOftenTheReplicaStillHeldADroppedId() {
    int stale = 0;
    try (RedisStore store = store(primary.uri(), false)) {
      for (int i = 0; i < ROUNDS; i++) {
        String id = create(store, "alice");
        store.drop(id);
        if (replicaHas(id)) {
          stale++;
        }
      }
    }
    System.out.println(
        "durableSecurityWrites off: the replica still held the dropped ID right after drop() in "
            + stale
            + " of "
            + ROUNDS
            + " rounds (loopback)");
  }

  @Test
  void acknowledgedLogout_isNotUndoneByPromotingTheReplica() {
    String id;
    try (RedisStore store = store(primary.uri(), true)) {
      id = create(store, "alice");
      assertThat(store.drop(id)).isTrue();
    }
    primary.kill();
    replica.command("REPLICAOF", "NO", "ONE");
    try (RedisStore promoted = store(replica.uri(), false)) {
      assertThat(promoted.load(id)).isNull();
    }
  }

  @Test
  void partitionedReplica_withoutTheOptionTheLogoutIsUndone_withItTheLogoutFailsClosed() {
    String undone;
    String refused;
    try (RedisStore plain = store(primary.uri(), false);
        RedisStore durable = store(primary.uri(), true)) {
      undone = create(plain, "alice");
      refused = create(plain, "bob");
      assertThat(durable.load(refused)).isNotNull(); // connected; the next write is the drop
      long replicated = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (!replicaHas(undone) || !replicaHas(refused)) {
        assertThat(System.nanoTime()).as("sessions replicated within 15 s").isLessThan(replicated);
        Thread.onSpinWait();
      }
      // A partition: the replica loses its primary, and keeps what it had.
      replica.command("REPLICAOF", "127.0.0.1", "1");

      assertThat(plain.drop(undone)).isTrue(); // acknowledged, yet only the primary has it
      long start = System.nanoTime();
      assertThatThrownBy(() -> durable.drop(refused))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "durableSecurityWrites: only 0 of 1 replica(s) acknowledged the drop within 200 ms;"
                  + " it is applied on the primary but a failover may undo it, so it is not"
                  + " reported as done");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(WAIT);
    }
    primary.kill();
    replica.command("REPLICAOF", "NO", "ONE");
    try (RedisStore promoted = store(replica.uri(), false)) {
      assertThat(promoted.load(undone)).as("the acknowledged logout was undone").isNotNull();
    }
  }

  @Test
  void moreReplicasThanConnected_failsClosedAfterTheTimeout_forEveryKindOfSecurityWrite() {
    try (RedisStore plain = store(primary.uri(), false);
        RedisStore store =
            RedisStore.builder()
                .uri(primary.uri())
                .clock(clock)
                .keyPrefix(prefix)
                .durableSecurityWrites(2, WAIT)
                .build()) {
      String id = create(store, "alice"); // a create does not wait
      store.commit(SessionChange.update(id).put("a", bytes("1")).ttl(TTL).build()); // nor this
      assertThatThrownBy(
              () ->
                  store.commit(
                      SessionChange.update(id)
                          .rotateTo(tokens.next(), tokens.next())
                          .ttl(TTL)
                          .build()))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith(
              "durableSecurityWrites: only 1 of 2 replica(s) acknowledged the rotation within"
                  + " 200 ms");
      String other = create(plain, "bob");
      assertThatThrownBy(
              () -> store.commit(SessionChange.update(other).user(null, 0).ttl(TTL).build()))
          .hasMessageStartingWith(
              "durableSecurityWrites: only 1 of 2 replica(s) acknowledged" + " the sign-out");
      assertThatThrownBy(() -> store.dropSessionsOf("alice"))
          .hasMessageStartingWith(
              "durableSecurityWrites: only 1 of 2 replica(s) acknowledged" + " the revoke");
      assertThatThrownBy(() -> store.drop(other))
          .hasMessageStartingWith(
              "durableSecurityWrites: only 1 of 2 replica(s) acknowledged" + " the drop");
    }
  }

  @Test
  void roundTrips_oneExtraOnlyForSecurityWrites() {
    try (RedisStore store = store(primary.uri(), true)) {
      String warmUp = create(store, "alice");
      store.drop(warmUp); // both scripts cached
      long before = store.roundTrips();
      String id = create(store, "alice");
      assertThat(store.roundTrips() - before).as("create").isEqualTo(1);
      before = store.roundTrips();
      store.load(id);
      store.commit(SessionChange.update(id).put("a", bytes("1")).ttl(TTL).build());
      assertThat(store.roundTrips() - before).as("load + update").isEqualTo(2);
      before = store.roundTrips();
      String rotated = tokens.next();
      store.commit(SessionChange.update(id).rotateTo(rotated, tokens.next()).ttl(TTL).build());
      assertThat(store.roundTrips() - before).as("rotation").isEqualTo(2);
      before = store.roundTrips();
      store.drop(rotated);
      assertThat(store.roundTrips() - before).as("drop").isEqualTo(2);
    }
  }

  @Test
  void builder_rejectsBadArgumentsPrecisely() {
    RedisStore.Builder builder = RedisStore.builder();
    assertThatThrownBy(() -> builder.durableSecurityWrites(0, WAIT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("durableSecurityWrites replicas must be at least 1, was 0");
    assertThatThrownBy(() -> builder.durableSecurityWrites(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("durableSecurityWrites timeout must be at least 1 ms, was PT0S");
    assertThatThrownBy(
            () ->
                RedisStore.builder()
                    .uri(primary.uri())
                    .commandTimeout(Duration.ofSeconds(1))
                    .durableSecurityWrites(1, Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "durableSecurityWrites timeout (PT1S) must be shorter than commandTimeout (PT1S)");
    assertThatThrownBy(() -> RedisStore.builder().durableSecurityWritesOnDisk(-1, WAIT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("durableSecurityWritesOnDisk replicas must not be negative, was -1");
    assertThatThrownBy(
            () ->
                RedisStore.builder()
                    .durableSecurityWrites(1, WAIT)
                    .durableSecurityWritesOnDisk(0, WAIT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "durableSecurityWritesOnDisk and durableSecurityWrites are alternatives:"
                + " durableSecurityWrites is set");
    assertThatThrownBy(
            () ->
                RedisStore.builder()
                    .uri(primary.uri())
                    .commandTimeout(Duration.ofSeconds(1))
                    .durableSecurityWritesOnDisk(0, Duration.ofSeconds(2))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "durableSecurityWritesOnDisk timeout (PT2S) must be shorter than commandTimeout"
                + " (PT1S)");
  }
}
