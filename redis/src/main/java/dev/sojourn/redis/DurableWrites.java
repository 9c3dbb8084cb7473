package dev.sojourn.redis;

import dev.sojourn.store.StoreException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@linkplain RedisStore.Builder#durableSecurityWrites durable security writes} options: after
 * a write that ends or replaces a session ID, a {@code WAIT replicas timeout} (or, {@linkplain
 * RedisStore.Builder#durableSecurityWritesOnDisk on disk}, a {@code WAITAOF 1 replicas timeout}) on
 * every connection that carried one of its commands ({@link Journal}).
 *
 * <p>Why on those connections: {@code WAIT} and {@code WAITAOF} block until the replication offset
 * of the <em>last write of the client they are sent on</em> is acknowledged. Sent on a connection
 * that wrote nothing they answer at once, whatever the replicas hold. On standalone Redis there is
 * one connection; on Cluster, each command of the write goes to the master that serves its key's
 * slot, on that node's own connection, and the wait follows it there (see {@link
 * RedisConnection#nodeFor}). The connections are shared, so the wait covers other threads' earlier
 * writes too: it waits at least for ours. Immutable (but for a cached server check) and
 * thread-safe.
 */
final class DurableWrites {
  private static final ProtocolKeyword WAITAOF = new Keyword("WAITAOF");

  private final boolean onDisk;
  private final int replicas;
  private final Duration timeout;
  private volatile boolean serverChecked;

  private DurableWrites(boolean onDisk, int replicas, Duration timeout) {
    this.onDisk = onDisk;
    this.replicas = replicas;
    this.timeout = timeout;
  }

  /** {@code WAIT replicas timeout}: replication only. */
  static DurableWrites replicated(int replicas, Duration timeout) {
    return new DurableWrites(false, replicas, timeout);
  }

  /** {@code WAITAOF 1 replicas timeout}: the primary's AOF and that many replicas' AOF. */
  static DurableWrites onDisk(int replicas, Duration timeout) {
    return new DurableWrites(true, replicas, timeout);
  }

  /** The builder option that set this, for messages. */
  String option() {
    return onDisk ? "durableSecurityWritesOnDisk" : "durableSecurityWrites";
  }

  /**
   * The connections one write went through, in order, each once. For one thread (one operation);
   * not thread-safe.
   */
  static final class Journal {
    private final List<RedisConnection.Node> nodes = new ArrayList<>();

    /** Notes that a command goes to {@code node}, and returns its commands. */
    RedisClusterAsyncCommands<byte[], byte[]> record(RedisConnection.Node node) {
      for (RedisConnection.Node known : nodes) {
        if (known.commands() == node.commands()) {
          return node.commands();
        }
      }
      nodes.add(node);
      return node.commands();
    }
  }

  /**
   * Before a security write: on disk, checks (once, then cached) that the server has {@code
   * WAITAOF}, that is Redis 7.2 or later by its {@code redis_version} (Valkey reports 7.2.4), so
   * that a server without it refuses before anything is written rather than after.
   *
   * @throws StoreException if the server is older than 7.2 (the message names its version), or does
   *     not answer {@code INFO server}
   */
  void requireServerSupport(RedisConnection redis) {
    if (!onDisk || serverChecked) {
      return;
    }
    String info = redis.await(redis.commands().info("server"), "INFO server");
    String version = field(info, "redis_version");
    if (!atLeast72(version)) {
      throw new StoreException(
          "durableSecurityWritesOnDisk needs WAITAOF, which Redis 7.2 added, but the server runs"
              + " Redis "
              + version
              + ": nothing was written (use Redis 7.2+ or Valkey, or durableSecurityWrites, which"
              + " waits for replicas only)");
    }
    serverChecked = true;
  }

  private static String field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return "(unknown: INFO server has no " + name + ")";
  }

  /** Whether a {@code major.minor.patch} version is 7.2 or later. */
  static boolean atLeast72(String version) {
    String[] parts = version.split("\\.");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return major > 7 || (major == 7 && minor >= 2);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Waits until the write is held as the option asks on each connection of the journal: one {@code
   * WAIT} (or {@code WAITAOF}) per connection, all sent before any reply is read (one round trip).
   *
   * @param operation what was written ("drop", "rotation"...), for the message
   * @throws StoreException if on some connection fewer replicas (or, on disk, not the primary's
   *     AOF) acknowledged within the timeout, or Redis refused or did not answer the wait; the
   *     write itself was applied on the primary, but may not survive a failover or crash
   */
  void await(RedisConnection redis, Journal journal, String operation) {
    List<RedisFuture<?>> sent = new ArrayList<>();
    for (RedisConnection.Node node : journal.nodes) {
      sent.add(
          onDisk
              ? node.commands()
                  .dispatch(
                      WAITAOF,
                      new ArrayOutput<>(ByteArrayCodec.INSTANCE),
                      new CommandArgs<>(ByteArrayCodec.INSTANCE)
                          .add(1)
                          .add(replicas)
                          .add(timeout.toMillis()))
              : node.commands().waitForReplication(replicas, timeout.toMillis()));
    }
    if (sent.isEmpty()) {
      return;
    }
    redis.countRoundTrip();
    String command = onDisk ? "WAITAOF" : "WAIT";
    StoreException failed = null;
    for (int i = 0; i < sent.size(); i++) {
      try {
        Object reply = redis.reply(sent.get(i), command + " after " + operation);
        check(reply, journal.nodes.get(i), operation);
      } catch (StoreException e) {
        failed = failed == null ? wrapped(e, command, operation) : failed;
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  private StoreException wrapped(StoreException e, String command, String operation) {
    if (e.getMessage() != null && e.getMessage().startsWith(option() + ": ")) {
      return e;
    }
    return new StoreException(
        option()
            + ": the "
            + operation
            + " is applied on the primary, but "
            + command
            + " failed, so it is not reported as done: "
            + e.getMessage(),
        e);
  }

  private void check(@Nullable Object reply, RedisConnection.Node node, String operation) {
    long local = 1;
    long count;
    if (onDisk) {
      List<?> both = reply instanceof List<?> list ? list : List.of();
      local = both.size() == 2 && both.get(0) instanceof Long l ? l : 0;
      count = both.size() == 2 && both.get(1) instanceof Long r ? r : 0;
    } else {
      count = reply instanceof Long acknowledged ? acknowledged : 0;
    }
    if (local >= 1 && count >= replicas) {
      return;
    }
    String master = node.master().isEmpty() ? "" : " of the master at " + node.master();
    throw new StoreException(
        option()
            + ": "
            + (onDisk
                ? "the primary"
                    + master
                    + (local >= 1 ? " fsynced" : " did not fsync")
                    + " the "
                    + operation
                    + " to its AOF and "
                    + count
                    + " of "
                    + replicas
                    + " replica(s) did"
                : "only "
                    + count
                    + " of "
                    + replicas
                    + " replica(s)"
                    + master
                    + " acknowledged the "
                    + operation)
            + " within "
            + timeout.toMillis()
            + " ms; it is applied on the primary but a "
            + (onDisk ? "crash or failover" : "failover")
            + " may undo it, so it is not reported as done");
  }

  int replicas() {
    return replicas;
  }

  Duration timeout() {
    return timeout;
  }

  /** A command name Lettuce has no constant for. */
  private record Keyword(String name) implements ProtocolKeyword {
    @Override
    public byte[] getBytes() {
      return name.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
