package dev.sojourn.redis;

import dev.sojourn.testing.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MaxSessionsPerUserRace} against a standalone Redis. */
class StandaloneMaxSessionsPerUserTest extends MaxSessionsPerUserRace {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  @Override
  RedisStore.Builder connect(RedisStore.Builder builder) {
    return builder.uri(REDIS.uri());
  }

  @Override
  int rounds() {
    return 101;
  }
}
