package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionLimitException;
import dev.sojourn.store.Snapshot;
import dev.sojourn.testing.redis.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real redis-server with a small {@code maxmemory} under {@code noeviction}: once it is full,
 * creates are refused with {@link SessionLimitException} while existing sessions still load,
 * update, sign in, rotate and drop.
 */
class FullServerTest {
  private static final Duration TTL = Duration.ofMinutes(30);
  private static final int MAX_CREATES = 20_000;

  private final TokenGenerator tokens = TokenGenerator.secure();
  private RedisServer server;
  private RedisStore store;

  @BeforeEach
  void start() {
    server = RedisServer.start(List.of("--maxmemory", "4mb", "--maxmemory-policy", "noeviction"));
    store = RedisStore.builder().uri(server.uri()).keyPrefix("full:").build();
  }

  @AfterEach
  void stop() {
    store.close();
    server.close();
  }

  private String create(@Nullable String user) {
    String id = tokens.next();
    SessionChange.Builder change =
        SessionChange.create(id, tokens.next(), System.currentTimeMillis())
            .put("payload", filled(512))
            .ttl(TTL);
    if (user != null) {
      change.user(user, System.currentTimeMillis());
    }
    store.commit(change.build());
    return id;
  }

  private static byte[] filled(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }

  @Test
  void fullServer_refusesCreatesWithSessionLimit_andKeepsExistingSessionsWorking() {
    List<String> existing = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      existing.add(create(i % 2 == 0 ? "alice" : null));
    }
    SessionLimitException refused = null;
    int created = 0;
    while (refused == null && created < MAX_CREATES) {
      try {
        create(created % 3 == 0 ? "bob" + created : null);
        created++;
      } catch (SessionLimitException e) {
        refused = e;
      }
    }
    assertThat(refused)
        .as("a server at maxmemory refuses creates (%d created)", created)
        .isNotNull();
    assertThat(refused).hasMessageContaining("maxmemory");
    // Full for good from here: a few kilobytes under the limit come and go (Redis frees idle client
    // buffers), which could let one more create in. Every further create is then refused the same
    // way, signed in or not, while existing sessions keep working below.
    server.command(
        "CONFIG",
        "SET",
        "maxmemory",
        Long.toString(ClusterFullServerTest.usedMemory(server) - 262_144));
    for (int i = 0; i < 20; i++) {
      String user = i % 2 == 0 ? "carol" : null;
      assertThatThrownBy(() -> create(user)).isInstanceOf(SessionLimitException.class);
    }
    // Existing sessions keep working: load, update (more bytes), sign in, rotate, drop.
    for (String id : existing) {
      Snapshot before = store.load(id);
      assertThat(before).isNotNull();
      store.commit(
          SessionChange.update(id)
              .put("more", filled(256))
              .lastAccessedAt(System.currentTimeMillis())
              .ttl(TTL)
              .build());
      assertThat(Objects.requireNonNull(store.load(id)).attributes()).containsKey("more");
    }
    String anonymous = existing.get(1);
    store.commit(
        SessionChange.update(anonymous).user("dave", System.currentTimeMillis()).ttl(TTL).build());
    assertThat(Objects.requireNonNull(store.load(anonymous)).user()).isEqualTo("dave");
    String rotated = tokens.next();
    store.commit(
        SessionChange.update(existing.get(0)).rotateTo(rotated, tokens.next()).ttl(TTL).build());
    assertThat(store.load(existing.get(0))).isNull();
    assertThat(store.load(rotated)).isNotNull();
    assertThat(store.drop(existing.get(2))).isTrue();
    assertThat(store.load(existing.get(2))).isNull();
    assertThat(store.dropSessionsOf("alice")).isPositive();
  }

  @Test
  void noeviction_isDetected_withoutWarning() {
    assertThat(store.maxmemoryPolicy()).isEqualTo("noeviction");
    assertThat(MemoryPolicy.warning("noeviction", "4194304")).isNull();
  }

  @Test
  void evictingPolicies_areDetectedAtStart_withAClearWarning() {
    for (String policy : List.of("allkeys-lru", "volatile-ttl")) {
      try (RedisServer evicting =
              RedisServer.start(List.of("--maxmemory", "64mb", "--maxmemory-policy", policy));
          RedisStore another =
              RedisStore.builder().uri(evicting.uri()).keyPrefix("policy:").build()) {
        assertThat(another.maxmemoryPolicy()).isEqualTo(policy);
      }
      assertThat(MemoryPolicy.warning(policy, "67108864"))
          .contains("maxmemory-policy is " + policy)
          .contains("67108864")
          .contains("user indexes")
          .contains("Set maxmemory-policy noeviction");
    }
  }
}
