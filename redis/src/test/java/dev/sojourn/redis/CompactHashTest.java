package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A signed-in session's hash stays in Redis's compact encoding (listpack; ziplist before Redis 7):
 * every field is at most {@code hash-max-listpack-value} (64) bytes. A deterministic check of the
 * layout, not a timing one.
 */
class CompactHashTest {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  private static final Duration TTL = Duration.ofMinutes(30);

  private final TokenGenerator tokens = TokenGenerator.secure();

  @Test
  void signedInSession_isStoredInTheCompactEncoding_throughItsLife() {
    byte[] digestKey = new byte[32];
    digestKey[0] = 7;
    try (RedisStore store =
        RedisStore.builder().uri(REDIS.uri()).keyPrefix("compact:").digestKey(digestKey).build()) {
      String id = tokens.next();
      long now = System.currentTimeMillis();
      store.commit(
          SessionChange.create(id, tokens.next(), now)
              .user("alice@example.com", now)
              .put("cart", "3 items".getBytes(UTF_8))
              .ttl(TTL)
              .build());
      assertCompact(store, id);
      store.commit(SessionChange.update(id).put("theme", "dark".getBytes(UTF_8)).ttl(TTL).build());
      assertCompact(store, id);
      String rotated = tokens.next();
      store.commit(
          SessionChange.update(id)
              .rotateTo(rotated, tokens.next())
              .user("bob@example.com", now)
              .ttl(TTL)
              .build());
      assertCompact(store, rotated);
      assertThat(Objects.requireNonNull(store.load(rotated)).user()).isEqualTo("bob@example.com");
      assertThat(store.dropSessionsOf("bob@example.com")).isEqualTo(1);
      assertThat(store.load(rotated)).isNull();
    }
  }

  @Test
  void hashWrittenBefore_withTheWholeIndexKeyNameInX_isStillUpdatedDroppedAndRevoked() {
    try (RedisStore store =
        RedisStore.builder()
            .uri(REDIS.uri())
            .keyPrefix("compact:")
            .digestKey(digestKeyOf())
            .build()) {
      Keys keys = new Keys("compact:", digestKeyOf());
      long now = System.currentTimeMillis();
      String[] ids = {tokens.next(), tokens.next()};
      for (String id : ids) {
        store.commit(
            SessionChange.create(id, tokens.next(), now).user("carol", now).ttl(TTL).build());
        // The layout before: x held the index key's whole name.
        REDIS
            .server()
            .command("HSET", new String(keys.session(id), UTF_8), "x", keys.userIndex("carol"));
      }
      store.commit(SessionChange.update(ids[0]).put("b", "2".getBytes(UTF_8)).ttl(TTL).build());
      assertThat(Objects.requireNonNull(store.load(ids[0])).user()).isEqualTo("carol");
      assertThat(store.drop(ids[0])).isTrue();
      assertThat(REDIS.server().command("ZCARD", keys.userIndex("carol"))).isEqualTo(1L);
      assertThat(store.dropSessionsOf("carol")).isEqualTo(1);
      assertThat(store.load(ids[1])).isNull();
    }
  }

  private static void assertCompact(RedisStore store, String id) {
    String key = new String(new Keys("compact:", digestKeyOf()).session(id), UTF_8);
    Object encoding = REDIS.server().command("OBJECT", "ENCODING", key);
    Object bytes = REDIS.server().command("MEMORY", "USAGE", key);
    System.out.println("session hash " + encoding + ", MEMORY USAGE " + bytes + " bytes");
    assertThat(encoding).as("OBJECT ENCODING of %s", key).isIn("listpack", "ziplist");
    assertThat(store.load(id)).isNotNull();
  }

  private static byte[] digestKeyOf() {
    byte[] digestKey = new byte[32];
    digestKey[0] = 7;
    return digestKey;
  }
}
