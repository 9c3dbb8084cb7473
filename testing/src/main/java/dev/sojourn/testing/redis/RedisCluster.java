package dev.sojourn.testing.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * A local Redis Cluster of three masters (no replicas) on loopback ports, wired up with {@code
 * CLUSTER ADDSLOTS} and {@code CLUSTER MEET} directly, so that it needs no {@code redis-cli}. Not
 * thread-safe.
 */
public final class RedisCluster implements AutoCloseable {
  /** The number of hash slots in a Redis Cluster. */
  static final int SLOTS = 16384;

  private static final long FORMATION_MILLIS = 30_000;

  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Starts three cluster-enabled servers, splits the slots evenly among them, introduces them, and
   * waits until every node reports {@code cluster_state:ok} with all three nodes known.
   *
   * @return the running cluster; close it to stop the servers
   * @throws IllegalStateException if a node does not start or the cluster does not form within 30 s
   *     (the nodes started so far are closed)
   */
  public static RedisCluster start() {
    List<RedisServer> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(
            RedisServer.start(
                List.of(
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "5000"),
                true));
      }
      for (int i = 0; i < nodes.size(); i++) {
        List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        for (int slot = SLOTS * i / nodes.size(); slot < SLOTS * (i + 1) / nodes.size(); slot++) {
          command.add(Integer.toString(slot));
        }
        nodes.get(i).command(command.toArray(String[]::new));
      }
      for (int i = 1; i < nodes.size(); i++) {
        nodes.get(0).command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(i).port()));
      }
      RedisCluster cluster = new RedisCluster(nodes);
      cluster.awaitFormed();
      return cluster;
    } catch (RuntimeException e) {
      nodes.forEach(RedisServer::close);
      throw e;
    }
  }

  private void awaitFormed() {
    long deadline = System.currentTimeMillis() + FORMATION_MILLIS;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      boolean formed = true;
      for (RedisServer node : nodes) {
        last = String.valueOf(node.command("CLUSTER", "INFO"));
        if (!last.contains("cluster_state:ok")
            || !last.contains("cluster_known_nodes:" + nodes.size())) {
          formed = false;
          break;
        }
      }
      if (formed) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException(
        "redis cluster did not form within 30 s; last CLUSTER INFO:\n" + last);
  }

  /** {@return the masters, in slot order (immutable)} */
  public List<RedisServer> nodes() {
    return nodes;
  }

  /**
   * {@return the URIs of all masters, {@code redis://127.0.0.1:port} each, in slot order: seeds for
   * a cluster client}
   */
  public List<String> uris() {
    List<String> uris = new ArrayList<>();
    nodes.forEach(node -> uris.add(node.uri()));
    return uris;
  }

  /** Stops every node. Idempotent. */
  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }
}
