package dev.sojourn.redis;

import dev.sojourn.store.StoreException;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The start-up check of Redis's {@code maxmemory-policy}. Supported: {@code noeviction} (Redis's
 * default), under which a full Redis refuses new sessions and keeps existing ones working. Every
 * evicting policy is unsafe: every key this store writes has a TTL, so {@code volatile-*} policies
 * evict them as readily as {@code allkeys-*} ones, and an evicted user index hides live sessions
 * from "sign out everywhere".
 */
final class MemoryPolicy {
  private static final System.Logger LOG = System.getLogger(RedisStore.class.getName());

  private MemoryPolicy() {}

  /**
   * Reads {@code maxmemory-policy} and logs a warning unless it is {@code noeviction}.
   *
   * @return the policy, or "" if Redis would not say (CONFIG is disabled on some managed services)
   */
  static String check(RedisConnection redis) {
    Map<String, String> config;
    try {
      config = redis.await(redis.commands().configGet("maxmemory*"), "CONFIG GET maxmemory*");
    } catch (StoreException e) {
      LOG.log(
          Level.INFO,
          "cannot read redis maxmemory-policy ({0}); make sure it is noeviction: an evicting"
              + " policy can evict user indexes, hiding live sessions from sign-out-everywhere",
          e.getMessage());
      return "";
    }
    String policy = config.getOrDefault("maxmemory-policy", "");
    String warning = warning(policy, config.getOrDefault("maxmemory", "?"));
    if (warning != null) {
      LOG.log(Level.WARNING, warning);
    }
    return policy;
  }

  /** The warning logged at start for {@code policy}, or null for {@code noeviction}. */
  static @Nullable String warning(String policy, String maxmemory) {
    if (policy.equals("noeviction")) {
      return null;
    }
    return "redis maxmemory-policy is "
        + policy
        + " (maxmemory "
        + maxmemory
        + " bytes): when Redis is full it evicts keys, and every sojourn key has a TTL, so it can"
        + " evict user indexes (live sessions then escape sign-out-everywhere) and sessions"
        + " themselves. Set maxmemory-policy noeviction: a full Redis then refuses new sessions"
        + " (SessionLimitException) and keeps existing ones working.";
  }
}
