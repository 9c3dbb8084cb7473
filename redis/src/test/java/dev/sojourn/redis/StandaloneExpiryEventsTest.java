package dev.sojourn.redis;

import dev.sojourn.testing.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class StandaloneExpiryEventsTest extends ExpiryEventsBehaviour {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  @Override
  RedisServerExtension redis() {
    return REDIS;
  }

  @Override
  int raceRounds() {
    return 100;
  }
}
