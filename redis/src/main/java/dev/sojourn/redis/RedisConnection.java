package dev.sojourn.redis;

import dev.sojourn.store.StoreException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * One Lettuce connection (standalone or cluster) with its own client resources, and the one place
 * that waits for replies and turns Lettuce's exceptions into {@link StoreException}s.
 *
 * <p>Fail fast, recover by itself: commands time out after the command timeout; while the
 * connection is down they are rejected at once instead of queued ({@code REJECT_COMMANDS}); the
 * connection reconnects in the background with a delay capped at one second, so the same store
 * works again as soon as Redis is back.
 */
final class RedisConnection implements AutoCloseable {
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final StatefulConnection<byte[], byte[]> connection;
  private final RedisClusterAsyncCommands<byte[], byte[]> commands;
  private final boolean cluster;
  private final Duration timeout;
  private final LongAdder roundTrips = new LongAdder();

  private RedisConnection(List<String> uris, boolean cluster, Duration timeout) {
    this.cluster = cluster;
    this.timeout = timeout;
    this.resources =
        ClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
    AbstractRedisClient created = null;
    try {
      List<RedisURI> parsed = uris.stream().map(uri -> parse(uri, timeout)).toList();
      if (cluster) {
        RedisClusterClient clusterClient = RedisClusterClient.create(resources, parsed);
        created = clusterClient;
        clusterClient.setOptions(
            ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(timeouts)
                .socketOptions(socket)
                .topologyRefreshOptions(
                    ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build());
        var clusterConnection = clusterClient.connect(ByteArrayCodec.INSTANCE);
        this.connection = clusterConnection;
        this.commands = clusterConnection.async();
      } else {
        RedisClient redisClient = RedisClient.create(resources, parsed.get(0));
        created = redisClient;
        redisClient.setOptions(
            ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(timeouts)
                .socketOptions(socket)
                .build());
        var standalone = redisClient.connect(ByteArrayCodec.INSTANCE);
        this.connection = standalone;
        this.commands = standalone.async();
      }
      this.client = created;
    } catch (RuntimeException e) {
      if (created != null) {
        created.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      resources.shutdown(0, 2, TimeUnit.SECONDS);
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new StoreException("cannot connect to redis at " + uris + ": " + e.getMessage(), e);
    }
  }

  static RedisConnection open(List<String> uris, boolean cluster, Duration timeout) {
    return new RedisConnection(uris, cluster, timeout);
  }

  private static RedisURI parse(String uri, Duration timeout) {
    RedisURI parsed;
    try {
      parsed = RedisURI.create(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a redis URI: '" + uri + "': " + e.getMessage(), e);
    }
    parsed.setTimeout(timeout);
    return parsed;
  }

  RedisClusterAsyncCommands<byte[], byte[]> commands() {
    return commands;
  }

  boolean isCluster() {
    return cluster;
  }

  long roundTrips() {
    return roundTrips.sum();
  }

  /**
   * Runs a script by its SHA-1; on NOSCRIPT (a restarted server, a new cluster node) sends the
   * source, which also caches it. One round trip in the common case.
   */
  List<Object> eval(Script script, byte[][] keys, byte[][] args, String operation) {
    try {
      return await(
          commands.<List<Object>>evalsha(script.sha1, ScriptOutputType.MULTI, keys, args),
          operation);
    } catch (NoScript e) {
      return await(
          commands.<List<Object>>eval(script.source, ScriptOutputType.MULTI, keys, args),
          operation);
    }
  }

  /** Thrown by {@link #await} for NOSCRIPT, which {@link #eval} handles. */
  private static final class NoScript extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoScript(Throwable cause) {
      super(cause);
    }
  }

  /**
   * Waits for one reply (one round trip) at most the command timeout plus a second's margin.
   *
   * @throws StoreException with a message that says what failed and why
   */
  <T> T await(RedisFuture<T> future, String operation) {
    roundTrips.increment();
    return reply(future, operation);
  }

  /** Counts one round trip for a pipeline whose replies are then read with {@link #reply}. */
  void countRoundTrip() {
    roundTrips.increment();
  }

  /** Waits for one reply of a pipeline (see {@link #countRoundTrip}). */
  <T> T reply(RedisFuture<T> future, String operation) {
    try {
      return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RedisNoScriptException) {
        throw new NoScript(cause);
      }
      throw translate(cause, operation);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new StoreException(
          "redis did not answer " + operation + " within " + timeout + " (command timeout)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for redis to answer " + operation, e);
    }
  }

  private StoreException translate(Throwable cause, String operation) {
    if (cause instanceof RedisCommandTimeoutException) {
      return new StoreException(
          "redis did not answer " + operation + " within " + timeout + " (command timeout)", cause);
    }
    if (cause instanceof RedisCommandExecutionException) {
      return new StoreException("redis rejected " + operation + ": " + cause.getMessage(), cause);
    }
    if (cause instanceof RedisConnectionException || !connection.isOpen()) {
      return new StoreException(
          "redis is unreachable (reconnecting in the background), "
              + operation
              + " failed: "
              + cause.getMessage(),
          cause);
    }
    return new StoreException("redis " + operation + " failed: " + cause.getMessage(), cause);
  }

  /** Whether Redis refused a command because the key holds another type (WRONGTYPE). */
  static boolean isWrongType(StoreException e) {
    return e.getCause() instanceof RedisCommandExecutionException rejected
        && String.valueOf(rejected.getMessage()).startsWith("WRONGTYPE");
  }

  /**
   * Whether Redis refused a command because it is at its {@code maxmemory} limit under {@code
   * noeviction} (an OOM error, also when raised inside a script).
   */
  static boolean isOutOfMemory(StoreException e) {
    return e.getCause() instanceof RedisCommandExecutionException rejected
        && String.valueOf(rejected.getMessage()).contains("OOM command not allowed");
  }

  /** Closes the connection, the client and its threads, waiting up to 2 s each. */
  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      try {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      } finally {
        resources.shutdown(0, 2, TimeUnit.SECONDS);
      }
    }
  }
}
