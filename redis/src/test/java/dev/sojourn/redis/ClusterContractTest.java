package dev.sojourn.redis;

import dev.sojourn.testing.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole store contract against a local three-master Redis Cluster. */
class ClusterContractTest extends RedisContract {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.cluster();

  @Override
  RedisStore.Builder connect(RedisStore.Builder builder) {
    return builder.clusterUris(REDIS.uris());
  }
}
