package dev.sojourn.testing;

import dev.sojourn.store.SessionStore;
import dev.sojourn.store.memory.MemoryStore;

/** The in-memory store passes the whole store contract, sweeping concurrently in the mixed run. */
class MemoryStoreContractTest extends StoreConcurrencyContract {
  private MemoryStore memory = MemoryStore.builder().backgroundSweeper(false).build();

  @Override
  protected SessionStore newStore(MutableClock clock) {
    memory = MemoryStore.builder().clock(clock).backgroundSweeper(false).build();
    return memory;
  }

  @Override
  protected void sweep() {
    memory.sweep();
  }
}
