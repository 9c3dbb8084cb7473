package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Field {@code c}'s stored form (issue 9, item 4): the generator's tokens as 25 bytes, any other
 * token as text, tokens stored before this form still read, and a malformed field is corrupt.
 */
class CsrfFieldTest {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  private final TokenGenerator tokens = TokenGenerator.secure();

  @Test
  void generatorTokens_takeTwentyFiveBytes_andReadBackTheSame() throws Exception {
    for (int i = 0; i < 1_000; i++) {
      String token = tokens.next();
      byte[] field = SessionHash.csrfField(token);
      assertThat(field).hasSize(25);
      assertThat(field[0]).isZero();
      assertThat(SessionHash.csrfToken(field)).isEqualTo(token);
    }
  }

  @Test
  void otherTokens_areStoredAsText_andReadBackTheSame() throws Exception {
    String[] others = {
      "x",
      "short-token",
      "32 chars but a space: 0123456789",
      "\u0000leading zero",
      "\u0001one",
      "é€"
    };
    for (String token : others) {
      assertThat(SessionHash.csrfToken(SessionHash.csrfField(token))).isEqualTo(token);
    }
    assertThat(SessionHash.csrfField("plain-token")).isEqualTo("plain-token".getBytes(UTF_8));
  }

  @Test
  void aTokenStoredAsTextBeforeThisForm_stillReads() throws Exception {
    String token = tokens.next();
    assertThat(SessionHash.csrfToken(token.getBytes(UTF_8))).isEqualTo(token);
  }

  @Test
  void aRawFieldOfTheWrongLength_isCorrupt() {
    assertThatThrownBy(() -> SessionHash.csrfToken(new byte[] {0, 1, 2, 3}))
        .isInstanceOf(SessionHash.CorruptSessionException.class)
        .hasMessage("field 'c' holds 3 token bytes, not 24");
  }

  @Test
  void throughTheStore_theTokenSurvivesCreateRotationAndALegacyHash() {
    try (RedisStore store = RedisStore.builder().uri(REDIS.uri()).keyPrefix("csrf:").build()) {
      long now = System.currentTimeMillis();
      String id = tokens.next();
      String token = tokens.next();
      store.commit(
          SessionChange.create(id, token, now)
              .user("alice", now)
              .ttl(Duration.ofMinutes(5))
              .build());
      String key = new String(new Keys("csrf:", null).session(id), UTF_8);
      assertThat((Long) REDIS.server().command("HSTRLEN", key, "c")).isEqualTo(25L);
      assertThat(Objects.requireNonNull(store.load(id)).csrfToken()).isEqualTo(token);

      String rotated = tokens.next();
      String rotatedToken = "custom token";
      store.commit(
          SessionChange.update(id)
              .rotateTo(rotated, rotatedToken)
              .ttl(Duration.ofMinutes(5))
              .build());
      Snapshot after = Objects.requireNonNull(store.load(rotated));
      assertThat(after.csrfToken()).isEqualTo(rotatedToken);

      String legacy = tokens.next();
      REDIS
          .server()
          .command(
              "HSET", new String(new Keys("csrf:", null).session(rotated), UTF_8), "c", legacy);
      assertThat(Objects.requireNonNull(store.load(rotated)).csrfToken()).isEqualTo(legacy);
    }
  }
}
