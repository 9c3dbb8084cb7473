package dev.sojourn.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.redis.RedisStore;
import dev.sojourn.testing.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same sample on the Redis store, a real {@code redis-server}: {@code sojourn-redis} on the
 * class path and three properties ({@code sojourn.store.type}, Boot's {@code
 * spring.data.redis.url}, and the ID key the user index needs to list a user's sessions).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sojourn.store.type=redis",
      // Base64 of 32 bytes; a real application keeps a random one in its secrets.
      "sojourn.store.redis.id-key=c2FtcGxlLWlkLWtleS1zYW1wbGUtaWQta2V5LXNhbXA="
    })
@DirtiesContext
class SampleRedisTest extends SampleContract {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.url", REDIS::uri);
  }

  @Test
  void theSessionsLiveInRedis() {
    assertThat(store).isInstanceOf(RedisStore.class);
  }
}
