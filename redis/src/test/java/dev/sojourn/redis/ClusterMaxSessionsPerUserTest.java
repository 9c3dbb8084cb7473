package dev.sojourn.redis;

import dev.sojourn.testing.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MaxSessionsPerUserRace} against a local three-master Redis Cluster. */
class ClusterMaxSessionsPerUserTest extends MaxSessionsPerUserRace {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.cluster();

  @Override
  RedisStore.Builder connect(RedisStore.Builder builder) {
    return builder.clusterUris(REDIS.uris());
  }

  @Override
  int rounds() {
    return 51;
  }
}
