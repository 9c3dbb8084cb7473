package dev.sojourn.redis;

import dev.sojourn.store.StoreException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
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
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ConnectionIntent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One Lettuce connection (standalone or cluster) with its own client resources, and the one place
 * that waits for replies and turns Lettuce's exceptions into {@link StoreException}s.
 *
 * <p>Fail fast, recover by itself: commands time out after the command timeout; while the
 * connection is down they are rejected at once instead of queued ({@code REJECT_COMMANDS}); the
 * connection reconnects in the background with a delay capped at one second, so the same store
 * works again as soon as Redis is back. If Redis is unreachable when the store starts, the store
 * starts anyway and each call tries to connect (one at a time, within the command timeout) and
 * throws {@link StoreException} until one succeeds. On Cluster the topology is refreshed on every
 * adaptive trigger (MOVED, ASK, reconnects...) and every {@link #TOPOLOGY_REFRESH_PERIOD}.
 */
final class RedisConnection implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RedisStore.class.getName());

  /** How often the Cluster topology is refreshed, besides on every adaptive trigger. */
  static final Duration TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(30);

  private final List<String> uris;
  private final List<RedisURI> parsed;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final boolean cluster;
  private final Duration timeout;
  private final Consumer<RedisConnection> onConnect;
  private final LongAdder roundTrips = new LongAdder();
  private final ReentrantLock connecting = new ReentrantLock();
  private volatile @Nullable Connected connected;
  private volatile boolean closed;

  /** An open connection and its async commands. */
  private record Connected(
      StatefulConnection<byte[], byte[]> connection,
      RedisClusterAsyncCommands<byte[], byte[]> commands) {}

  private RedisConnection(
      List<String> uris, boolean cluster, Duration timeout, Consumer<RedisConnection> onConnect) {
    this.uris = uris;
    this.cluster = cluster;
    this.timeout = timeout;
    this.onConnect = onConnect;
    this.parsed = uris.stream().map(uri -> parse(uri, timeout)).toList();
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
    if (cluster) {
      RedisClusterClient clusterClient = RedisClusterClient.create(resources, parsed);
      clusterClient.setOptions(
          ClusterClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .timeoutOptions(timeouts)
              .socketOptions(socket)
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enableAllAdaptiveRefreshTriggers()
                      .enablePeriodicRefresh(TOPOLOGY_REFRESH_PERIOD)
                      .build())
              .build());
      this.client = clusterClient;
    } else {
      RedisClient redisClient = RedisClient.create(resources, parsed.get(0));
      redisClient.setOptions(
          ClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .timeoutOptions(timeouts)
              .socketOptions(socket)
              .build());
      this.client = redisClient;
    }
  }

  /**
   * Creates the client and tries to connect once; if Redis is unreachable (or stalls), returns
   * anyway, and every later call tries again until one connects (see {@link #commands}).
   *
   * @param onConnect run once, right after the first connection opens (by the thread that opened
   *     it); it may use this connection
   * @throws IllegalArgumentException if a URI is malformed
   */
  static RedisConnection open(
      List<String> uris, boolean cluster, Duration timeout, Consumer<RedisConnection> onConnect) {
    RedisConnection redis = new RedisConnection(uris, cluster, timeout, onConnect);
    try {
      redis.commands();
    } catch (StoreException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "{0}; the store started anyway and connects on the next call",
          e.getMessage());
    }
    return redis;
  }

  /**
   * The commands of the open connection; while there is none yet (Redis was unreachable so far),
   * tries to connect first, at most one thread at a time: the others fail at once.
   *
   * @throws StoreException if there is no connection yet and this attempt did not make one
   */
  RedisClusterAsyncCommands<byte[], byte[]> commands() {
    Connected open = connected;
    return open != null ? open.commands() : connect().commands();
  }

  private Connected connect() {
    if (!connecting.tryLock()) {
      throw new StoreException(
          "redis at " + uris + " is not connected yet: another call is connecting");
    }
    try {
      Connected open = connected;
      if (open != null) {
        return open;
      }
      if (closed) {
        throw new StoreException("the redis store is closed");
      }
      try {
        if (client instanceof RedisClusterClient clusterClient) {
          var connection = clusterClient.connect(ByteArrayCodec.INSTANCE);
          open = new Connected(connection, connection.async());
        } else {
          var connection = ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
          open = new Connected(connection, connection.async());
        }
      } catch (RuntimeException e) {
        throw new StoreException(
            "cannot connect to redis at "
                + uris
                + " (it is unreachable or did not answer within "
                + timeout
                + "; the next call tries again): "
                + e.getMessage(),
            e);
      }
      connected = open;
      onConnect.accept(this);
      return open;
    } finally {
      connecting.unlock();
    }
  }

  /**
   * The connection that carries writes to a key, and the master it reaches ({@code host:port}, or
   * empty on standalone Redis).
   */
  record Node(RedisClusterAsyncCommands<byte[], byte[]> commands, String master) {}

  /**
   * The connection that carries writes to {@code key}: on standalone Redis the one connection; on
   * Cluster, the connection to the master that serves the key's slot in the current topology. That
   * is Lettuce's pooled node connection keyed by (WRITE, host, port), the one its cluster
   * connection routes the slot's commands on too; commands sent on it directly are not redirected
   * (a MOVED comes back as an error, so the write fails rather than landing elsewhere).
   *
   * @throws StoreException if there is no connection, no master serves the slot, or the node
   *     connection cannot be opened
   */
  Node nodeFor(byte[] key) {
    RedisClusterAsyncCommands<byte[], byte[]> commands = commands();
    Connected open = java.util.Objects.requireNonNull(connected);
    if (!(open.connection() instanceof StatefulRedisClusterConnection<byte[], byte[]> routed)) {
      return new Node(commands, "");
    }
    int slot = SlotHash.getSlot(key);
    RedisClusterNode master = routed.getPartitions().getMasterBySlot(slot);
    if (master == null) {
      throw new StoreException(
          "no redis cluster master serves slot " + slot + " in the current topology");
    }
    RedisURI uri = master.getUri();
    String where = uri.getHost() + ":" + uri.getPort();
    try {
      return new Node(
          routed.getConnection(uri.getHost(), uri.getPort(), ConnectionIntent.WRITE).async(),
          where);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to the redis cluster master at "
              + where
              + " (slot "
              + slot
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Where a write to {@code key} goes: without a journal, the {@linkplain #commands() routed
   * connection}; with one, the {@linkplain #nodeFor node connection} of the key, recorded in the
   * journal so that the durable wait goes to the same connection.
   */
  RedisClusterAsyncCommands<byte[], byte[]> writer(
      byte[] key, DurableWrites.@Nullable Journal journal) {
    return journal == null ? commands() : journal.record(nodeFor(key));
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
    return eval(script, keys, args, operation, null);
  }

  /**
   * Like {@link #eval(Script, byte[][], byte[][], String)}; with a journal, sent on the {@linkplain
   * #writer connection of its first key} and recorded there, for the durable wait.
   */
  List<Object> eval(
      Script script,
      byte[][] keys,
      byte[][] args,
      String operation,
      DurableWrites.@Nullable Journal journal) {
    return eval(script, keys, args, operation, timeout.toMillis() + 1000, journal);
  }

  private List<Object> eval(
      Script script,
      byte[][] keys,
      byte[][] args,
      String operation,
      long waitMillis,
      DurableWrites.@Nullable Journal journal) {
    RedisClusterAsyncCommands<byte[], byte[]> target = writer(keys[0], journal);
    try {
      roundTrips.increment();
      return reply(
          target.<List<Object>>evalsha(script.sha1, ScriptOutputType.MULTI, keys, args),
          operation,
          waitMillis);
    } catch (NoScript e) {
      roundTrips.increment();
      return reply(
          target.<List<Object>>eval(script.source, ScriptOutputType.MULTI, keys, args),
          operation,
          waitMillis);
    }
  }

  /**
   * Like {@link #eval}, for a script that recognises a repeat of itself and answers it without
   * applying it twice (a commit: see {@code commit.lua} and {@code take.lua}). If the connection
   * breaks before the reply arrives (Redis may have applied it), sends it again as soon as the
   * connection is back, until it is answered or the command timeout, counted from the first send,
   * has passed; the whole call answers within the command timeout plus a second's margin. An
   * attempt made while the connection is down is refused by the client at once and never reaches
   * Redis.
   *
   * @throws StoreException if no attempt was answered in time: the script may or may not have run
   *     (the message says so); sending the same arguments again is safe
   */
  List<Object> evalRepeatable(Script script, byte[][] keys, byte[][] args, String operation) {
    return evalRepeatable(script, keys, args, operation, null);
  }

  /**
   * Like {@link #evalRepeatable(Script, byte[][], byte[][], String)}; with a journal, each attempt
   * goes to (and is recorded on) the {@linkplain #writer connection of the first key}.
   */
  List<Object> evalRepeatable(
      Script script,
      byte[][] keys,
      byte[][] args,
      String operation,
      DurableWrites.@Nullable Journal journal) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        return eval(script, keys, args, operation, Math.max(0, remainingMillis) + 1000, journal);
      } catch (ConnectionLost e) {
        if (remainingMillis <= 0) {
          throw new StoreException(
              e.getMessage()
                  + "; resent until the command timeout ("
                  + timeout
                  + ") without an answer: it may or may not have been applied, and committing the"
                  + " same change again is safe",
              e);
        }
        LockSupport.parkNanos(RESEND_PAUSE_NANOS);
      }
    }
  }

  /** Between two sends of a repeatable script while the connection is down (it reconnects). */
  private static final long RESEND_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /** A {@link StoreException} for a connection that is down or broke before the reply. */
  private static final class ConnectionLost extends StoreException {
    private static final long serialVersionUID = 1L;

    ConnectionLost(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Runs one script once per key list, all sent before any reply is read (one pipeline, counted as
   * one round trip); on NOSCRIPT the affected calls are sent again with the source, pipelined too.
   * Hands each reply to {@code onReply} with its index in {@code keys} as it is read, and reads
   * every reply even if some fail, so no reply that did arrive is dropped.
   *
   * @throws StoreException the first failure, after every other reply was handed over
   */
  void evalEach(
      Script script,
      List<byte[][]> keys,
      byte[][] args,
      String operation,
      java.util.function.ObjIntConsumer<List<Object>> onReply) {
    RedisClusterAsyncCommands<byte[], byte[]> commands = commands();
    List<RedisFuture<List<Object>>> sent = new java.util.ArrayList<>(keys.size());
    for (byte[][] each : keys) {
      sent.add(commands.evalsha(script.sha1, ScriptOutputType.MULTI, each, args));
    }
    countRoundTrip();
    List<Integer> missing = new java.util.ArrayList<>();
    StoreException failed = null;
    for (int i = 0; i < sent.size(); i++) {
      try {
        onReply.accept(reply(sent.get(i), operation), i);
      } catch (NoScript e) {
        missing.add(i);
      } catch (StoreException e) {
        failed = failed == null ? e : failed;
      }
    }
    if (!missing.isEmpty()) {
      List<RedisFuture<List<Object>>> resent = new java.util.ArrayList<>(missing.size());
      for (int i : missing) {
        resent.add(commands.eval(script.source, ScriptOutputType.MULTI, keys.get(i), args));
      }
      countRoundTrip();
      for (int j = 0; j < resent.size(); j++) {
        try {
          onReply.accept(reply(resent.get(j), operation), missing.get(j));
        } catch (StoreException e) {
          failed = failed == null ? e : failed;
        }
      }
    }
    if (failed != null) {
      throw failed;
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
    return reply(future, operation, timeout.toMillis() + 1000);
  }

  private <T> T reply(RedisFuture<T> future, String operation, long waitMillis) {
    try {
      return future.get(waitMillis, TimeUnit.MILLISECONDS);
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
    Connected open = connected;
    if (cause instanceof RedisConnectionException
        || open == null
        || !open.connection().isOpen()
        || isDisconnect(cause)) {
      return new ConnectionLost(
          "redis is unreachable (reconnecting in the background), "
              + operation
              + " failed: "
              + cause.getMessage(),
          cause);
    }
    return new StoreException("redis " + operation + " failed: " + cause.getMessage(), cause);
  }

  /**
   * Whether Lettuce failed a command because its node connection broke while the command was in
   * flight, or refused it while that connection is down. On Cluster the connection as a whole stays
   * open when one node's connection breaks, so only these messages tell.
   */
  private static boolean isDisconnect(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    return cause.getClass() == RedisException.class
        && (message.startsWith("Connection disconnected")
            || message.startsWith("Currently not connected"));
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
    closed = true;
    connecting.lock();
    try {
      Connected open = connected;
      if (open != null) {
        open.connection().close();
      }
    } finally {
      connecting.unlock();
      try {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      } finally {
        resources.shutdown(0, 2, TimeUnit.SECONDS);
      }
    }
  }
}
