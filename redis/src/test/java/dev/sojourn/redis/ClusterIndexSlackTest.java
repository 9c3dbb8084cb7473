package dev.sojourn.redis;

import dev.sojourn.testing.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterIndexSlackTest extends IndexSlackBehaviour {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.cluster();

  @Override
  RedisServerExtension redis() {
    return REDIS;
  }
}
