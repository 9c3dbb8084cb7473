package dev.sojourn.redis;

import dev.sojourn.testing.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class StandaloneIndexSlackTest extends IndexSlackBehaviour {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  @Override
  RedisServerExtension redis() {
    return REDIS;
  }
}
