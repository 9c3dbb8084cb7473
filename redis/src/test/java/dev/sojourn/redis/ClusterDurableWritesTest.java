package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.StoreException;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisCluster;
import dev.sojourn.testing.redis.RedisServer;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code durableSecurityWrites} on a Redis Cluster of three masters with one replica each. {@code
 * WAIT} counts the replicas that acknowledged the writes of the connection it is sent on, so it
 * must go to the master that took the write, on the connection that carried it: sent anywhere else
 * it answers at once, whatever the replicas hold. A suspended replica (SIGSTOP) tells the two
 * apart.
 */
class ClusterDurableWritesTest {
  private static final Duration TTL = SignedIn.TTL;
  private static final Duration WAIT = Duration.ofMillis(300);
  private static final int ROUNDS = 20;

  private final MutableClock clock = MutableClock.start();
  private final TokenGenerator tokens = TokenGenerator.secure();
  private final String prefix = "durable:" + tokens.next() + ":";
  private final Keys keys = new Keys(prefix, null);
  private RedisCluster cluster;

  @BeforeEach
  void start() {
    cluster = RedisCluster.startWithReplicas();
  }

  @AfterEach
  void stop() {
    for (RedisServer replica : cluster.replicas()) {
      if (replica.isRunning()) {
        replica.resume();
      }
    }
    cluster.close();
  }

  private RedisStore store(List<String> seeds, boolean durable) {
    RedisStore.Builder builder =
        RedisStore.builder().clusterUris(seeds).clock(clock).keyPrefix(prefix);
    return (durable ? builder.durableSecurityWrites(1, WAIT) : builder).build();
  }

  private String create(RedisStore store, String user) {
    return SignedIn.create(store, tokens, clock, user);
  }

  private byte[] sessionKey(String id) {
    return keys.sessionByDigest(keys.digestOf(id));
  }

  private RedisServer masterOf(byte[] key) {
    return cluster.masterOfSlot(SlotHash.getSlot(key));
  }

  private RedisServer replicaOf(byte[] key) {
    return cluster.replicas().get(cluster.nodes().indexOf(masterOf(key)));
  }

  /** Whether the replica of the key's master holds the key (read without READONLY). */
  private boolean replicaHas(byte[] key) {
    String slot = Integer.toString(SlotHash.getSlot(key));
    Object held = replicaOf(key).command("CLUSTER", "GETKEYSINSLOT", slot, "1000");
    return ((List<?>) java.util.Objects.requireNonNull(held))
        .contains(new String(key, StandardCharsets.UTF_8));
  }

  /** Whether {@code node} still sees {@code master} serving slots (CLUSTER NODES). */
  private static boolean ownsSlots(RedisServer node, RedisServer master) {
    for (String line : String.valueOf(node.command("CLUSTER", "NODES")).split("\n")) {
      if (line.contains(":" + master.port() + "@")) {
        return line.trim().split(" ").length > 8;
      }
    }
    return false;
  }

  @Test
  void drop_rotation_signOut_revoke_returnOnlyOnceTheOwningReplicaHoldsThem() {
    try (RedisStore store = store(cluster.uris(), true)) {
      for (int i = 0; i < ROUNDS; i++) {
        String dropped = create(store, "alice");
        assertThat(store.drop(dropped)).isTrue();
        assertThat(replicaHas(sessionKey(dropped))).as("replica holds a dropped session").isFalse();

        String old = create(store, "bob");
        String rotated = tokens.next();
        store.commit(SessionChange.update(old).rotateTo(rotated, tokens.next()).ttl(TTL).build());
        assertThat(replicaHas(sessionKey(old))).as("replica holds the pre-rotation ID").isFalse();
        assertThat(replicaHas(sessionKey(rotated))).as("replica lacks the new ID").isTrue();

        String signedIn = create(store, "carol");
        store.commit(SessionChange.update(signedIn).user(null, 0).ttl(TTL).build());

        List<String> revoked = List.of(create(store, "dave"), create(store, "dave"));
        assertThat(store.dropSessionsOf("dave")).isEqualTo(2);
        for (String id : revoked) {
          assertThat(replicaHas(sessionKey(id))).as("replica holds a revoked session").isFalse();
        }
      }
    }
  }

  @Test
  void suspendedReplica_theDropFailsClosedAfterTheTimeout_namingTheWaitAndTheMaster() {
    try (RedisStore store = store(cluster.uris(), true)) {
      String id = create(store, "alice");
      byte[] key = sessionKey(id);
      replicaOf(key).suspend();
      long start = System.nanoTime();
      assertThatThrownBy(() -> store.drop(id))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "durableSecurityWrites: only 0 of 1 replica(s) of the master at 127.0.0.1:"
                  + masterOf(key).port()
                  + " acknowledged the drop within 300 ms; it is applied on the primary but a"
                  + " failover may undo it, so it is not reported as done");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isGreaterThanOrEqualTo(WAIT).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void suspendedReplicas_rotationSignOutAndRevokeFailClosed() {
    try (RedisStore plain = store(cluster.uris(), false);
        RedisStore store = store(cluster.uris(), true)) {
      String rotating = create(plain, "alice");
      String signingOut = create(plain, "bob");
      List<String> revoked = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        revoked.add(create(plain, "carol"));
      }
      cluster.replicas().forEach(RedisServer::suspend);
      assertThatThrownBy(
              () ->
                  store.commit(
                      SessionChange.update(rotating)
                          .rotateTo(tokens.next(), tokens.next())
                          .ttl(TTL)
                          .build()))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("acknowledged the rotation within 300 ms");
      assertThatThrownBy(
              () -> store.commit(SessionChange.update(signingOut).user(null, 0).ttl(TTL).build()))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("acknowledged the sign-out within 300 ms");
      assertThatThrownBy(() -> store.dropSessionsOf("carol"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("acknowledged the revoke within 300 ms");
    }
  }

  @Test
  void acknowledgedLogout_staysEnded_whenTheReplicaTakesOverFromACrashedMaster() {
    String id;
    RedisServer master;
    RedisServer replica;
    try (RedisStore store = store(cluster.uris(), true)) {
      id = create(store, "alice");
      byte[] key = sessionKey(id);
      master = masterOf(key);
      replica = replicaOf(key);
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!replicaHas(key)) { // so that a lost drop would bring the session back
        assertThat(System.nanoTime()).as("session replicated within 10 s").isLessThan(until);
        Thread.onSpinWait();
      }
      assertThat(store.drop(id)).isTrue();
    }
    master.kill();
    replica.command("CLUSTER", "FAILOVER", "TAKEOVER");
    List<String> survivors = new ArrayList<>();
    for (RedisServer node : cluster.nodes()) {
      if (node != master) {
        survivors.add(node.uri());
      }
    }
    survivors.add(replica.uri());
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!String.valueOf(replica.command("INFO", "replication")).contains("role:master")) {
      assertThat(System.nanoTime()).as("replica promoted within 15 s").isLessThan(until);
      Thread.onSpinWait();
    }
    for (RedisServer node : cluster.nodes()) {
      while (node != master && ownsSlots(node, master)) {
        assertThat(System.nanoTime()).as("takeover seen within 15 s").isLessThan(until);
        Thread.onSpinWait();
      }
    }
    long answered = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    StoreException last = null;
    try (RedisStore promoted = store(survivors, false)) {
      while (System.nanoTime() < answered) {
        try {
          assertThat(promoted.load(id)).as("the acknowledged logout was undone").isNull();
          return;
        } catch (StoreException routedToTheDeadMaster) {
          last = routedToTheDeadMaster;
        }
      }
    }
    throw new AssertionError("no answer from the promoted replica within 30 s", last);
  }
}
