package dev.sojourn.demo;

import dev.sojourn.redis.RedisStore;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.memory.MemoryStore;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * THE place where the demo chooses its session store from {@code --store}. Add a store here, and
 * nowhere else.
 */
final class Stores {
  /** Environment variable with the Redis store's ID key, 32 bytes in base64. */
  static final String ID_KEY_VARIABLE = "SOJOURN_REDIS_ID_KEY";

  private Stores() {}

  /**
   * Opens the store {@code spec} names: {@code memory}, or {@code redis://host:port}.
   *
   * <p>For Redis, {@code /sessions} needs the store's ID key (the store seals session IDs with it,
   * so that Redis never holds one in the clear). The demo reads it from {@value #ID_KEY_VARIABLE};
   * without it, it makes a random key for this process, so sessions listed after a restart start
   * afresh (older ones still work, they are just not listed).
   *
   * @throws IllegalArgumentException if the spec names no store this build has, or the key is bad
   * @throws dev.sojourn.store.StoreException if Redis cannot be reached
   */
  static SessionStore open(String spec, InstantSource clock) {
    if (spec.equals("memory")) {
      return MemoryStore.builder().clock(clock).build();
    }
    if (spec.startsWith("redis://") || spec.startsWith("rediss://")) {
      return RedisStore.builder()
          .uri(spec)
          .clock(clock)
          .idKey(idKey(System.getenv(ID_KEY_VARIABLE)))
          .build();
    }
    throw new IllegalArgumentException(
        "--store must be 'memory' or 'redis://host:port', was '" + spec + "'");
  }

  static byte[] idKey(@Nullable String base64) {
    if (base64 == null || base64.isBlank()) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      return key;
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ID_KEY_VARIABLE + " is not valid base64", e);
    }
    if (key.length != 32) {
      throw new IllegalArgumentException(
          ID_KEY_VARIABLE + " must decode to 32 bytes, was " + key.length);
    }
    return key;
  }
}
