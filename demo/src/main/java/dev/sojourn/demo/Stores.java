package dev.sojourn.demo;

import dev.sojourn.store.SessionStore;
import dev.sojourn.store.memory.MemoryStore;
import java.time.InstantSource;

/**
 * THE place where the demo chooses its session store from {@code --store}. Add a store here, and
 * nowhere else.
 */
final class Stores {
  private Stores() {}

  /**
   * Opens the store {@code spec} names: {@code memory}, or {@code redis://host:port}.
   *
   * @throws IllegalArgumentException if the spec names no store this build has
   */
  static SessionStore open(String spec, InstantSource clock) {
    if (spec.equals("memory")) {
      return MemoryStore.builder().clock(clock).build();
    }
    if (spec.startsWith("redis://")) {
      // STORE CHOICE: when module `redis` lands, return dev.sojourn.redis.RedisStore for `spec`
      // here, and add sojourn-redis to demo/pom.xml.
      throw new IllegalArgumentException(
          "--store "
              + spec
              + ": the Redis store (module redis, dev.sojourn.redis.RedisStore) is not part of"
              + " this build yet; use --store memory");
    }
    throw new IllegalArgumentException(
        "--store must be 'memory' or 'redis://host:port', was '" + spec + "'");
  }
}
