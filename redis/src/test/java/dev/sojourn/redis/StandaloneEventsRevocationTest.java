package dev.sojourn.redis;

import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Revocation against rotation on standalone Redis with expiry events on: the commit and revoke
 * scripts then also keep the deadline sets, and no rotation may outrun a revoke still.
 */
class StandaloneEventsRevocationTest extends RevocationBehaviour {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  @Override
  RedisServerExtension redis() {
    return REDIS;
  }

  @Override
  RedisStore.Builder builder() {
    return super.builder().expiryEvents(Duration.ofSeconds(1)).backgroundSweeper(false);
  }
}
