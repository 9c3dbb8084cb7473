package dev.sojourn.redis;

import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole store contract on standalone Redis with expiry events on: the commit, drop, revoke
 * scripts then also keep the deadline set, and must still keep every promise.
 */
class StandaloneEventsContractTest extends RedisContract {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  @Override
  RedisStore.Builder connect(RedisStore.Builder builder) {
    return builder.uri(REDIS.uri()).expiryEvents(Duration.ofSeconds(1)).backgroundSweeper(false);
  }
}
