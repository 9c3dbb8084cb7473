package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.StoreException;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisBinary;
import dev.sojourn.testing.redis.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code durableSecurityWritesOnDisk} ({@code WAITAOF}): refused, before anything is written, by a
 * server older than 7.2 (the embedded Redis 6.2, always run); on a {@code valkey-server} (found by
 * {@link RedisBinary#valkey()}; those tests are skipped, saying so, without one) it succeeds with
 * the AOF on and fails closed when the AOF is off or too few replicas fsync.
 */
class DurableWritesOnDiskTest {
  private static final Duration TTL = SignedIn.TTL;
  private static final Duration WAIT = Duration.ofMillis(1500);
  private static final List<String> AOF = List.of("--appendonly", "yes", "--appendfsync", "always");

  private final MutableClock clock = MutableClock.start();
  private final TokenGenerator tokens = TokenGenerator.secure();

  private RedisStore store(String uri, int replicas) {
    return RedisStore.builder()
        .uri(uri)
        .clock(clock)
        .commandTimeout(Duration.ofSeconds(3))
        .durableSecurityWritesOnDisk(replicas, WAIT)
        .build();
  }

  private String create(RedisStore store, String user) {
    return SignedIn.create(store, tokens, clock, user);
  }

  private static Path valkey() {
    Optional<Path> found = RedisBinary.valkey();
    assumeTrue(
        found.isPresent(),
        "no valkey-server (7.2+, has WAITAOF): set VALKEY_SERVER or -Dsojourn.valkey.server, or"
            + " put valkey-server on PATH; the embedded Redis 6.2 has no WAITAOF");
    return found.orElseThrow();
  }

  @Test
  void onRedis62_everySecurityWriteIsRefusedBeforeItIsWritten_namingTheVersionAndTheRequirement() {
    try (RedisServer redis = RedisServer.start(RedisBinary.embedded(), List.of());
        RedisStore store = store(redis.uri(), 0)) {
      String id = create(store, "alice"); // a create does not wait, so it does not check
      String info = String.valueOf(redis.command("INFO", "server"));
      String version = info.replaceFirst("(?s).*redis_version:([0-9.]+).*", "$1");
      assertThat(version).startsWith("6.2.");
      String refusal =
          "durableSecurityWritesOnDisk needs WAITAOF, which Redis 7.2 added, but the server runs"
              + " Redis "
              + version
              + ": nothing was written (use Redis 7.2+ or Valkey, or"
              + " durableSecurityWrites, which waits for replicas only)";
      assertThatThrownBy(() -> store.drop(id))
          .isInstanceOf(StoreException.class)
          .hasMessage(refusal);
      assertThatThrownBy(
              () ->
                  store.commit(
                      SessionChange.update(id)
                          .rotateTo(tokens.next(), tokens.next())
                          .ttl(TTL)
                          .build()))
          .hasMessage(refusal);
      assertThatThrownBy(() -> store.dropSessionsOf("alice")).hasMessage(refusal);
      assertThat(store.load(id)).as("nothing was written").isNotNull();
    }
  }

  @Test
  void onValkeyWithTheAof_dropRotationRevoke_returnOnceFsyncedOnThePrimaryAndTheReplica() {
    Path valkey = valkey();
    try (RedisServer primary = RedisServer.start(valkey, AOF);
        RedisServer replica = RedisServer.start(valkey, replicaOf(primary))) {
      awaitLinkUp(primary, replica);
      try (RedisStore store = store(primary.uri(), 1)) {
        String dropped = create(store, "alice");
        assertThat(store.drop(dropped)).isTrue();
        String rotated = create(store, "bob");
        store.commit(
            SessionChange.update(rotated).rotateTo(tokens.next(), tokens.next()).ttl(TTL).build());
        create(store, "carol");
        assertThat(store.dropSessionsOf("carol")).isEqualTo(1);
        assertThat(store.load(dropped)).isNull();
      }
      try (RedisStore tooMany = store(primary.uri(), 2)) {
        String id = create(tooMany, "dave");
        assertThatThrownBy(() -> tooMany.drop(id))
            .isInstanceOf(StoreException.class)
            .hasMessage(
                "durableSecurityWritesOnDisk: the primary fsynced the drop to its AOF and 1 of 2"
                    + " replica(s) did within 1500 ms; it is applied on the primary but a crash or"
                    + " failover may undo it, so it is not reported as done");
      }
    }
  }

  @Test
  void onValkeyWithoutTheAof_theDropFailsClosed_withRedissReason() {
    try (RedisServer primary = RedisServer.start(valkey(), List.of());
        RedisStore store = store(primary.uri(), 0)) {
      String id = create(store, "alice");
      assertThatThrownBy(() -> store.drop(id))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "durableSecurityWritesOnDisk: the drop is applied on the primary, but WAITAOF"
                  + " failed, so it is not reported as done: redis rejected WAITAOF after drop:"
                  + " ERR WAITAOF cannot be used when numlocal is set but appendonly is"
                  + " disabled.");
    }
  }

  private static List<String> replicaOf(RedisServer primary) {
    List<String> args = new ArrayList<>(AOF);
    args.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
    return args;
  }

  private static void awaitLinkUp(RedisServer primary, RedisServer replica) {
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!String.valueOf(replica.command("INFO", "replication")).contains("master_link_status:up")
        || !String.valueOf(primary.command("INFO", "replication")).contains("connected_slaves:1")) {
      assertThat(System.nanoTime()).as("replication link up within 15 s").isLessThan(until);
      Thread.onSpinWait();
    }
  }
}
