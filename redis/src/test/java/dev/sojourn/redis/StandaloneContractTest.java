package dev.sojourn.redis;

import dev.sojourn.testing.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole store contract against a real standalone redis-server. */
class StandaloneContractTest extends RedisContract {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  @Override
  RedisStore.Builder connect(RedisStore.Builder builder) {
    return builder.uri(REDIS.uri());
  }
}
