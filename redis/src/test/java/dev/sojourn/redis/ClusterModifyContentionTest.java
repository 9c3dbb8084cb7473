package dev.sojourn.redis;

import dev.sojourn.testing.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ModifyContentionTest} on a local three-master Redis Cluster. */
class ClusterModifyContentionTest {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.cluster();

  @Test
  void eightThreadsIncrementingOneCounter_endExact_withTheDefaultBudget() throws Exception {
    ModifyContentionTest.run(
        dev.sojourn.redis.RedisStore.builder().clusterUris(REDIS.uris()).keyPrefix("modify:"),
        "Cluster");
  }
}
