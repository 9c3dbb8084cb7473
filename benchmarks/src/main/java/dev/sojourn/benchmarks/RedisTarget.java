package dev.sojourn.benchmarks;

import dev.sojourn.testing.redis.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Redis the Redis benchmarks run against: the server named by the system property {@value
 * #PROPERTY} ({@code redis://host:port}) if set, else a {@code redis-server} started here on a
 * loopback port and stopped by {@link #close()}. Also reads the server's per-command call counts
 * ({@code INFO commandstats}) over a connection of its own.
 */
final class RedisTarget implements AutoCloseable {
  /** The system property that names an existing Redis instead of starting one. */
  static final String PROPERTY = "sojourn.redis";

  private final @Nullable RedisServer server;
  private final String uri;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> stats;

  private RedisTarget(@Nullable RedisServer server, String uri) {
    this.server = server;
    this.uri = uri;
    this.client = RedisClient.create(RedisURI.create(uri));
    this.stats = client.connect();
  }

  /** Connects to the configured Redis, or starts one. */
  static RedisTarget open() {
    String given = System.getProperty(PROPERTY);
    if (given != null && !given.isBlank()) {
      return new RedisTarget(null, given.strip());
    }
    RedisServer started = RedisServer.start(List.of());
    try {
      return new RedisTarget(started, started.uri());
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
  }

  /** The server's URI, {@code redis://host:port}. */
  String uri() {
    return uri;
  }

  /**
   * Returns the calls so far of each command, from {@code INFO commandstats}, by lower-case name
   * ({@code hgetall}, {@code evalsha}, {@code config|resetstat}...). Commands that a Lua script
   * runs are counted there too, under their own names.
   */
  Map<String, Long> commandCalls() {
    Map<String, Long> calls = new HashMap<>();
    for (String line : stats.sync().info("commandstats").split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      int colon = line.indexOf(':');
      int start = line.indexOf("calls=", colon);
      int end = line.indexOf(',', start);
      if (colon < 0 || start < 0 || end < 0) {
        throw new IllegalStateException("unexpected INFO commandstats line: " + line);
      }
      calls.put(
          line.substring("cmdstat_".length(), colon),
          Long.parseLong(line.substring(start + "calls=".length(), end)));
    }
    return calls;
  }

  /**
   * Returns how many calls of the commands in {@code counted} (all commands but {@code info} if
   * null) were made between two {@link #commandCalls()} readings.
   */
  static long delta(
      Map<String, Long> before, Map<String, Long> after, @Nullable Set<String> counted) {
    long sum = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      String command = e.getKey();
      boolean included = counted == null ? !command.equals("info") : counted.contains(command);
      if (included) {
        sum += e.getValue() - before.getOrDefault(command, 0L);
      }
    }
    return sum;
  }

  /** Closes the stats connection and stops the server if it was started here. */
  @Override
  public void close() {
    try {
      stats.close();
      client.shutdown();
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
