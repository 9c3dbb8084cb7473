package dev.sojourn.benchmarks;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes of Redis memory per signed-in session, for each implementation, on the same workload as
 * {@link RedisBenchmark}'s preload: {@value #SESSIONS} signed-in sessions (ID, CSRF token, user,
 * {@code cart = "item-N"}), each written by one request as the implementation's filter does. Two
 * measures, printed one line per implementation to standard output, {@code impl=NAME
 * bytes_per_session=N keys_per_session=K memory_usage_per_session=M}:
 *
 * <ul>
 *   <li>{@code bytes_per_session}: the growth of {@code used_memory} ({@code INFO memory}) over the
 *       preload, divided by the sessions: everything the sessions cost, indexes and Redis's own
 *       overhead included.
 *   <li>{@code memory_usage_per_session}: the sum of {@code MEMORY USAGE} over every key the
 *       implementation wrote (its prefix), divided by the sessions.
 * </ul>
 *
 * <p>The rows: {@code sojourn} and {@code spring} (Spring Session's default {@code
 * RedisSessionRepository}, which keeps no user index), the two of {@link RedisBenchmark}, then
 * {@value #SPRING_INDEXED}, Spring's repository with a user (principal name) index, the capability
 * Sojourn's user index gives.
 *
 * <p>Each implementation gets a server of its own (unless {@code -Dsojourn.redis} names one: then
 * the used_memory figure also counts whatever else runs there). Takes no arguments.
 */
public final class RedisFootprint {
  static final int SESSIONS = 10_000;

  /**
   * The extra row: Spring Session's indexed repository, which keeps a user index (principal name)
   * as Sojourn does, where the default {@code spring} row's repository keeps none.
   */
  static final String SPRING_INDEXED = "spring-indexed";

  private RedisFootprint() {}

  /** Runs the measure. */
  public static void main(String[] args) {
    List<String> impls = new ArrayList<>(List.of(RedisSubject.NAMES));
    impls.add(SPRING_INDEXED);
    for (String impl : impls) {
      try (RedisTarget target = RedisTarget.open()) {
        RedisClient client = RedisClient.create(RedisURI.create(target.uri()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
          RedisCommands<String, String> redis = connection.sync();
          String prefix = "footprint-" + impl + ":";
          long before = usedMemory(redis);
          long keys;
          long usage;
          try (RedisSubject subject = open(impl, target.uri(), prefix)) {
            RedisBenchmark.preload(subject, SESSIONS);
            long[] scanned = memoryUsage(redis, prefix);
            keys = scanned[0];
            usage = scanned[1];
          }
          long after = usedMemory(redis);
          System.out.println(
              "impl="
                  + impl
                  + " bytes_per_session="
                  + (after - before) / SESSIONS
                  + " keys_per_session="
                  + String.format(java.util.Locale.ROOT, "%.2f", (double) keys / SESSIONS)
                  + " memory_usage_per_session="
                  + usage / SESSIONS);
        } finally {
          client.shutdown();
        }
      }
    }
  }

  private static RedisSubject open(String impl, String uri, String prefix) {
    return impl.equals(SPRING_INDEXED)
        ? new RedisSubject.SpringIndexedSubject(uri, prefix)
        : RedisSubject.open(impl, uri, prefix);
  }

  private static long usedMemory(RedisCommands<String, String> redis) {
    for (String line : redis.info("memory").split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).strip());
      }
    }
    throw new IllegalStateException("INFO memory has no used_memory line");
  }

  /**
   * {number of keys, sum of MEMORY USAGE} over the keys under {@code prefix}; prints the sum by key
   * type and encoding to standard error.
   */
  private static long[] memoryUsage(RedisCommands<String, String> redis, String prefix) {
    long keys = 0;
    long bytes = 0;
    java.util.Map<String, long[]> byKind = new java.util.TreeMap<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(1000);
    do {
      KeyScanCursor<String> page = redis.scan(cursor, match);
      for (String key : page.getKeys()) {
        Long usage = redis.memoryUsage(key);
        if (usage != null) {
          keys++;
          bytes += usage;
          String kind = redis.type(key) + "/" + redis.objectEncoding(key);
          long[] sum = byKind.computeIfAbsent(kind, k -> new long[2]);
          sum[0]++;
          sum[1] += usage;
        }
      }
      cursor = page;
    } while (!cursor.isFinished());
    byKind.forEach(
        (kind, sum) ->
            System.err.println(
                "  "
                    + prefix
                    + " "
                    + kind
                    + ": "
                    + sum[0]
                    + " keys, MEMORY USAGE "
                    + sum[1] / Math.max(1, sum[0])
                    + " bytes each"));
    return new long[] {keys, bytes};
  }
}
