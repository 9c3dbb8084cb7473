package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisServer;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A Redis store on standalone Redis or Redis Cluster (the subclass says which) with a fake clock, a
 * key prefix of its own per test, and the helpers the behaviour suites share: create a session,
 * list the test's keys with their nodes, read a key's PTTL.
 */
abstract class RedisStoreFixture {
  static final Duration TTL = Duration.ofMinutes(30);
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  final MutableClock clock = MutableClock.start();
  final TokenGenerator tokens = TokenGenerator.secure();
  String prefix = "";
  RedisStore store;

  abstract RedisServerExtension redis();

  RedisStore.Builder builder() {
    RedisServerExtension redis = redis();
    RedisStore.Builder builder = RedisStore.builder();
    return redis.isCluster() ? builder.clusterUris(redis.uris()) : builder.uri(redis.uri());
  }

  @BeforeEach
  void open() {
    prefix = "behaviour" + PREFIXES.incrementAndGet() + ":";
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    store = builder().clock(clock).keyPrefix(prefix).idKey(key).build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  String create(@Nullable String user) {
    String id = tokens.next();
    SessionChange.Builder change =
        SessionChange.create(id, tokens.next(), clock.millis()).put("a", "1".getBytes(UTF_8));
    if (user != null) {
      change.user(user, clock.millis());
    }
    store.commit(change.ttl(TTL).build());
    return id;
  }

  /** Every key under this test's prefix, on every node. */
  List<String> keys() {
    return new ArrayList<>(keysByNode().keySet());
  }

  /** Every key under this test's prefix, with the node that holds it. */
  java.util.Map<String, RedisServer> keysByNode() {
    java.util.Map<String, RedisServer> keys = new java.util.HashMap<>();
    for (RedisServer node : redis().nodes()) {
      String cursor = "0";
      do {
        List<?> reply =
            (List<?>) node.command("SCAN", cursor, "MATCH", prefix + "*", "COUNT", "500");
        cursor = (String) Objects.requireNonNull(reply).get(0);
        for (Object key : (List<?>) reply.get(1)) {
          keys.put((String) key, node);
        }
      } while (!cursor.equals("0"));
    }
    return keys;
  }

  /** The node that holds {@code key}. */
  RedisServer nodeOf(String key) {
    return Objects.requireNonNull(keysByNode().get(key), () -> "no node holds " + key);
  }

  long pttl(String key) {
    return (Long) Objects.requireNonNull(nodeOf(key).command("PTTL", key));
  }
}
