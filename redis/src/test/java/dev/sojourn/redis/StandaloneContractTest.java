package dev.sojourn.redis;

import dev.sojourn.store.SessionStore;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.StoreConcurrencyContract;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole store contract against a real standalone redis-server. */
class StandaloneContractTest extends StoreConcurrencyContract {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  private static final AtomicInteger STORES = new AtomicInteger();
  private static final byte[] KEY = new byte[32];

  static {
    new java.security.SecureRandom().nextBytes(KEY);
  }

  @Override
  protected SessionStore newStore(MutableClock clock) {
    return RedisStore.builder()
        .uri(REDIS.uri())
        .clock(clock)
        .idKey(KEY)
        .keyPrefix("contract" + STORES.incrementAndGet() + ":")
        .build();
  }

  @Override
  protected int raceRounds() {
    return 50;
  }
}
