package dev.sojourn.redis;

import dev.sojourn.testing.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterExpiryEventsTest extends ExpiryEventsBehaviour {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.cluster();

  @Override
  RedisServerExtension redis() {
    return REDIS;
  }

  @Override
  int raceRounds() {
    return 4;
  }
}
