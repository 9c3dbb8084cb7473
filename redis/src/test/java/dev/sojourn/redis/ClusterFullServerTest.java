package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionLimitException;
import dev.sojourn.testing.redis.RedisServer;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link FullServerTest} on the 3-master Cluster: every master at its maxmemory (noeviction, set at
 * run time), creates are refused with {@link SessionLimitException}, existing sessions keep
 * working, rotations across nodes and revokes included.
 */
class ClusterFullServerTest {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.cluster();

  private static final Duration TTL = Duration.ofMinutes(30);
  private static final int MAX_CREATES = 20_000;

  private final TokenGenerator tokens = TokenGenerator.secure();

  private String create(RedisStore store, @Nullable String user) {
    String id = tokens.next();
    byte[] payload = new byte[512];
    Arrays.fill(payload, (byte) 'x');
    SessionChange.Builder change =
        SessionChange.create(id, tokens.next(), System.currentTimeMillis())
            .put("payload", payload)
            .ttl(TTL);
    if (user != null) {
      change.user(user, System.currentTimeMillis());
    }
    store.commit(change.build());
    return id;
  }

  @Test
  void fullCluster_refusesCreatesWithSessionLimit_andKeepsExistingSessionsWorking() {
    try (RedisStore store =
        RedisStore.builder().clusterUris(REDIS.uris()).keyPrefix("cfull:").build()) {
      List<String> existing = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        existing.add(create(store, i % 2 == 0 ? "alice" : null));
      }
      for (RedisServer node : REDIS.nodes()) {
        node.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
        node.command("CONFIG", "SET", "maxmemory", Long.toString(usedMemory(node) + 1_000_000));
      }
      int refusals = 0;
      int created = 0;
      // Keys spread over the masters: fill until each create in a row of 30 is refused.
      while (refusals < 30 && created < MAX_CREATES) {
        try {
          create(store, created % 3 == 0 ? "bob" + created : null);
          created++;
          refusals = 0;
        } catch (SessionLimitException e) {
          assertThat(e).hasMessageContaining("maxmemory");
          refusals++;
        }
      }
      assertThat(refusals).as("refusals in a row after %d creates", created).isEqualTo(30);
      for (String id : existing) {
        assertThat(store.load(id)).isNotNull();
        store.commit(SessionChange.update(id).put("more", "y".getBytes(UTF_8)).ttl(TTL).build());
        assertThat(Objects.requireNonNull(store.load(id)).attributes()).containsKey("more");
      }
      store.commit(
          SessionChange.update(existing.get(1))
              .user("dave", System.currentTimeMillis())
              .ttl(TTL)
              .build());
      assertThat(Objects.requireNonNull(store.load(existing.get(1))).user()).isEqualTo("dave");
      List<String> rotated = new ArrayList<>();
      for (int i = 2; i < 8; i += 2) {
        String next = tokens.next();
        store.commit(
            SessionChange.update(existing.get(i)).rotateTo(next, tokens.next()).ttl(TTL).build());
        assertThat(store.load(existing.get(i))).isNull();
        assertThat(store.load(next)).isNotNull();
        rotated.add(next);
      }
      assertThat(store.drop(existing.get(3))).isTrue();
      assertThat(store.dropSessionsOf("alice")).isEqualTo(6);
      for (String id : rotated) {
        assertThat(store.load(id)).isNull();
      }
      // Not asserted here: whether a create fits now that the drops freed some memory.
    } finally {
      for (RedisServer node : REDIS.nodes()) {
        node.command("CONFIG", "SET", "maxmemory", "0");
      }
    }
  }

  /** {@code used_memory} of {@code node} ({@code INFO memory}). */
  static long usedMemory(RedisServer node) {
    String info = String.valueOf(node.command("INFO", "memory"));
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).strip());
      }
    }
    throw new IllegalStateException("no used_memory in INFO memory");
  }
}
