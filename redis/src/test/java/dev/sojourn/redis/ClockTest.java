package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
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
  void unchangedSession_insideTheTouchWindow_costsOneRoundTrip_andNoWrite() {
    MutableClock clock = MutableClock.start();
    try (RedisStore store =
            RedisStore.builder().uri(REDIS.uri()).clock(clock).keyPrefix("touch:").build();
        SessionManager manager =
            SessionManager.builder()
                .store(store)
                .clock(clock)
                .idleTimeout(Duration.ofMinutes(30))
                .touchInterval(Duration.ofMinutes(1))
                .build()) {
      Session session = manager.open(null);
      session.login("alice");
      manager.commit(session);
      String id = session.id();
      clock.advance(Duration.ofSeconds(30));

      long before = store.roundTrips();
      Session again = manager.open(id);
      assertThat(again.user()).isEqualTo("alice");
      manager.commit(again);
      assertThat(store.roundTrips() - before).as("one load, no write").isEqualTo(1);

      clock.advance(Duration.ofSeconds(31));
      before = store.roundTrips();
      manager.commit(manager.open(id));
      assertThat(store.roundTrips() - before).as("one load, one touch").isEqualTo(2);
    }
  }
}
