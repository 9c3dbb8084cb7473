package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the store's clock (deadlines) and Redis's clock (key expiry) relate: the key lives the TTL
 * plus the grace in real time whatever the store's clock says, and only the store's clock decides
 * what is served.
 */
class ClockTest {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  private static final Duration TTL = Duration.ofMinutes(30);
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final TokenGenerator tokens = TokenGenerator.secure();

  private long keyTtlAfterCreateAt(Instant storeNow) {
    MutableClock clock = MutableClock.at(storeNow);
    try (RedisStore store =
        RedisStore.builder()
            .uri(REDIS.uri())
            .clock(clock)
            .expiryGrace(GRACE)
            .keyPrefix("clock:")
            .build()) {
      String id = tokens.next();
      store.commit(SessionChange.create(id, tokens.next(), clock.millis()).ttl(TTL).build());
      assertThat(Objects.requireNonNull(store.load(id)).expiresAtMillis())
          .isEqualTo(clock.millis() + TTL.toMillis());
      return (Long)
          Objects.requireNonNull(
              REDIS.server().command("PTTL", "clock:s:{" + Keys.digest(id) + "}"));
    }
  }

  @Test
  void keyTtl_isTheTtlPlusGrace_evenWithAClockFarInThePast() {
    assertThat(keyTtlAfterCreateAt(Instant.parse("1971-01-01T00:00:00Z")))
        .isBetween(TTL.plus(GRACE).toMillis() - 2_000, TTL.plus(GRACE).toMillis());
  }

  @Test
  void keyTtl_isTheTtlPlusGrace_evenWithAClockFarInTheFuture() {
    assertThat(keyTtlAfterCreateAt(Instant.parse("2400-01-01T00:00:00Z")))
        .isBetween(TTL.plus(GRACE).toMillis() - 2_000, TTL.plus(GRACE).toMillis());
  }

  @Test
  void hugeTtl_keepsItsDeadline_andTheKeyStillGetsAnExpiry() {
    MutableClock clock = MutableClock.start();
    try (RedisStore store =
        RedisStore.builder().uri(REDIS.uri()).clock(clock).keyPrefix("huge:").build()) {
      String id = tokens.next();
      Duration forever = Duration.ofDays(365L * 100_000);
      store.commit(SessionChange.create(id, tokens.next(), clock.millis()).ttl(forever).build());
      assertThat(Objects.requireNonNull(store.load(id)).expiresAtMillis())
          .isEqualTo(clock.millis() + forever.toMillis());
      long keyTtl =
          (Long)
              Objects.requireNonNull(
                  REDIS.server().command("PTTL", "huge:s:{" + Keys.digest(id) + "}"));
      assertThat(keyTtl).isPositive().isLessThanOrEqualTo(RedisStore.MAX_KEY_TTL_MILLIS);

      String longest = tokens.next();
      store.commit(
          SessionChange.create(longest, tokens.next(), clock.millis())
              .ttl(Duration.ofMillis(Long.MAX_VALUE))
              .build());
      assertThat(Objects.requireNonNull(store.load(longest)).expiresAtMillis())
          .as("saturated, not overflowed")
          .isEqualTo(Long.MAX_VALUE);
    }
  }
}
