package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Key names keyed with the store's digestKey (HMAC-SHA-256): someone who can write to Redis but
 * does not hold the key cannot plant a session under an ID of their choosing.
 */
class KeyedDigestTest {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  private static final Duration TTL = Duration.ofMinutes(30);

  private final MutableClock clock = MutableClock.start();
  private final TokenGenerator tokens = TokenGenerator.secure();
  private final byte[] digestKey = randomKey();
  private String prefix = "";

  static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  @BeforeEach
  void prefix() {
    prefix = "keyed:" + tokens.next() + ":";
  }

  private RedisStore.Builder builder() {
    return RedisStore.builder().uri(REDIS.uri()).clock(clock).keyPrefix(prefix);
  }

  private RedisStore keyed() {
    return builder().idKey(randomKey()).digestKey(digestKey).build();
  }

  private String create(RedisStore store, @Nullable String user) {
    String id = tokens.next();
    SessionChange.Builder change = SessionChange.create(id, tokens.next(), clock.millis());
    if (user != null) {
      change.user(user, clock.millis());
    }
    store.commit(change.ttl(TTL).build());
    return id;
  }

  private static String hmac(byte[] key, String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] first128Bits =
        java.util.Arrays.copyOf(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 16);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(first128Bits);
  }

  private List<String> keys() {
    List<?> reply = (List<?>) REDIS.server().command("KEYS", prefix + "*");
    return Objects.requireNonNull(reply).stream().map(String.class::cast).toList();
  }

  @Test
  void aSessionPlantedUnderTheSha256OfAChosenId_isNotServed() {
    try (RedisStore store = keyed();
        RedisStore attacker = builder().build()) {
      // Someone who can write to Redis writes a well-formed session where an unkeyed store would
      // look for the ID they chose (here through an unkeyed store on the same prefix).
      String chosen = create(attacker, "alice");
      assertThat(attacker.load(chosen)).as("unkeyed names can be planted").isNotNull();

      assertThat(store.load(chosen)).as("keyed names cannot").isNull();
      String mine = create(store, "alice");
      assertThat(store.load(mine)).isNotNull();
    }
  }

  @Test
  void keyNames_areTheHmacOfTheIdAndTheUser_notTheirSha256() throws Exception {
    try (RedisStore store = keyed()) {
      String id = create(store, "alice");
      assertThat(keys())
          .containsExactlyInAnyOrder(
              prefix + "s:{" + hmac(digestKey, id) + "}",
              prefix + "u:{" + hmac(digestKey, "alice") + "}");
      assertThat(String.join(" ", keys()))
          .doesNotContain(Keys.digest(id))
          .doesNotContain(Keys.digest("alice"));
    }
  }

  @Test
  void listingAndRevocation_workUnderAKeyedDigest_andAnotherDigestKeySeesNothing() {
    byte[] idKey = randomKey();
    try (RedisStore store = builder().idKey(idKey).digestKey(digestKey).build();
        RedisStore other = builder().idKey(idKey).digestKey(randomKey()).build()) {
      String first = create(store, "alice");
      String second = create(store, "alice");
      assertThat(store.sessionsOf("alice"))
          .extracting(Snapshot::id)
          .containsExactlyInAnyOrder(first, second);
      assertThat(other.load(first)).isNull();
      assertThat(other.sessionsOf("alice")).isEmpty();

      assertThat(store.revokeSessionsOf("alice", first)).containsExactly(second);
      assertThat(store.load(first)).isNotNull();
      assertThat(store.load(second)).isNull();
    }
  }

  @Test
  void digestKey_shorterThan32Bytes_isRejected() {
    assertThatThrownBy(() -> RedisStore.builder().digestKey(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("digestKey must hold at least 32 bytes, was 31 bytes");
  }
}
