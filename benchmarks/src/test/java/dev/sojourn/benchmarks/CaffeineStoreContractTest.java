package dev.sojourn.benchmarks;

import dev.sojourn.store.SessionStore;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.StoreConcurrencyContract;

/**
 * The Caffeine-based peer passes the whole store contract (both halves), so that the benchmarks
 * compare stores with the same semantics. It has no user index, so those tests are skipped.
 */
class CaffeineStoreContractTest extends StoreConcurrencyContract {
  private CaffeineStore caffeine = new CaffeineStore(MutableClock.start(), false);

  @Override
  protected SessionStore newStore(MutableClock clock) {
    caffeine = new CaffeineStore(clock, false);
    return caffeine;
  }

  @Override
  protected void sweep() {
    caffeine.cleanUp();
  }
}
