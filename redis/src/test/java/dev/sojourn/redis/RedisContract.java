package dev.sojourn.redis;

import dev.sojourn.store.SessionStore;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.StoreConcurrencyContract;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole store contract against a real Redis; subclasses say which (standalone or Cluster). Each
 * test gets its own key prefix, so tests never see each other's keys.
 */
abstract class RedisContract extends StoreConcurrencyContract {
  private static final AtomicInteger STORES = new AtomicInteger();
  private static final byte[] KEY = new byte[32];

  static {
    new SecureRandom().nextBytes(KEY);
  }

  /** Points the builder at the server under test. */
  abstract RedisStore.Builder connect(RedisStore.Builder builder);

  @Override
  protected SessionStore newStore(MutableClock clock) {
    return connect(RedisStore.builder())
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
