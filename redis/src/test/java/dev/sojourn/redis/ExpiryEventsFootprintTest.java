package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What expiry events cost in Redis memory: the deadline set's bytes per session ({@code MEMORY
 * USAGE}), printed as {@code expiry_set_bytes_per_session=N}, and bounded here.
 */
class ExpiryEventsFootprintTest {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  private static final int SESSIONS = 2000;

  @Test
  void theDeadlineSet_costsAtMost170BytesPerSession() {
    MutableClock clock = MutableClock.start();
    TokenGenerator tokens = TokenGenerator.secure();
    try (RedisStore store =
        RedisStore.builder()
            .uri(REDIS.uri())
            .clock(clock)
            .keyPrefix("footprint:")
            .expiryEvents(Duration.ofSeconds(1))
            .backgroundSweeper(false)
            .build()) {
      for (int i = 0; i < SESSIONS; i++) {
        store.commit(
            SessionChange.create(tokens.next(), tokens.next(), clock.millis())
                .user("user" + i, clock.millis())
                .put("a", "1".getBytes(UTF_8))
                .ttl(Duration.ofMinutes(30))
                .build());
      }
      long bytes =
          (Long)
              Objects.requireNonNull(
                  REDIS.server().command("MEMORY", "USAGE", "footprint:e", "SAMPLES", "0"));
      long perSession = bytes / SESSIONS;
      System.out.println("expiry_set_bytes_per_session=" + perSession);
      assertThat(perSession).isLessThanOrEqualTo(170);
    }
  }
}
