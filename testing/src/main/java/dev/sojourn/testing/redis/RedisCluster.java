package dev.sojourn.testing.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * A local Redis Cluster of three masters on loopback ports, without replicas ({@link #start()}) or
 * with one replica each ({@link #startWithReplicas()}), wired up with {@code CLUSTER ADDSLOTS},
 * {@code CLUSTER MEET} and {@code CLUSTER REPLICATE} directly, so that it needs no {@code
 * redis-cli}. Not thread-safe.
 */
public final class RedisCluster implements AutoCloseable {
  /** The number of hash slots in a Redis Cluster. */
  static final int SLOTS = 16384;

  private static final long FORMATION_MILLIS = 30_000;

  private final List<RedisServer> nodes;
  private final List<RedisServer> replicas;

  private RedisCluster(List<RedisServer> nodes, List<RedisServer> replicas) {
    this.nodes = List.copyOf(nodes);
    this.replicas = List.copyOf(replicas);
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
    return start(false);
  }

  /**
   * Starts a cluster as {@link #start()} does, plus one replica per master ({@code CLUSTER
   * REPLICATE}), and also waits until every replica's link to its master is up and all six nodes
   * know each other.
   *
   * @return the running cluster; close it to stop the servers
   * @throws IllegalStateException if a node does not start or the cluster does not form within 30 s
   *     (the nodes started so far are closed)
   */
  public static RedisCluster startWithReplicas() {
    return start(true);
  }

  private static RedisCluster start(boolean withReplicas) {
    List<RedisServer> nodes = new ArrayList<>();
    List<RedisServer> replicas = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(startNode());
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
      if (withReplicas) {
        for (int i = 0; i < nodes.size(); i++) {
          replicas.add(startNode());
          nodes
              .get(0)
              .command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(replicas.get(i).port()));
        }
      }
      RedisCluster cluster = new RedisCluster(nodes, replicas);
      cluster.awaitFormed();
      for (int i = 0; i < replicas.size(); i++) {
        Object master = nodes.get(i).command("CLUSTER", "MYID");
        replicas.get(i).command("CLUSTER", "REPLICATE", String.valueOf(master));
      }
      cluster.awaitReplicasLinked();
      return cluster;
    } catch (RuntimeException e) {
      nodes.forEach(RedisServer::close);
      replicas.forEach(RedisServer::close);
      throw e;
    }
  }

  private static RedisServer startNode() {
    return RedisServer.start(
        List.of(
            "--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "5000"),
        true);
  }

  private void awaitReplicasLinked() {
    long deadline = System.currentTimeMillis() + FORMATION_MILLIS;
    for (RedisServer replica : replicas) {
      String last = "";
      while (!last.contains("master_link_status:up")) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(
              "replica " + replica + " not linked to its master within 30 s:\n" + last);
        }
        pause();
        last = String.valueOf(replica.command("INFO", "replication"));
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the cluster formed", e);
    }
  }

  private void awaitFormed() {
    long deadline = System.currentTimeMillis() + FORMATION_MILLIS;
    String last = "";
    List<RedisServer> all = new ArrayList<>(nodes);
    all.addAll(replicas);
    while (System.currentTimeMillis() < deadline) {
      boolean formed = true;
      for (RedisServer node : all) {
        last = String.valueOf(node.command("CLUSTER", "INFO"));
        if (!last.contains("cluster_state:ok")
            || !last.contains("cluster_known_nodes:" + all.size())) {
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

  /**
   * {@return the replicas (immutable; empty unless started {@linkplain #startWithReplicas() with
   * replicas}): {@code replicas().get(i)} replicates {@code nodes().get(i)}}
   */
  public List<RedisServer> replicas() {
    return replicas;
  }

  /**
   * {@return the master that serves {@code slot}, by the slot split this class made} The split is
   * the one at start; a failover moves the slots to the replica.
   *
   * @param slot a hash slot, as Redis Cluster computes it for a key
   * @throws IllegalArgumentException if {@code slot} is not in [0, 16384)
   */
  public RedisServer masterOfSlot(int slot) {
    if (slot < 0 || slot >= SLOTS) {
      throw new IllegalArgumentException("slot must be in [0, 16384), was " + slot);
    }
    int owner = 0;
    while (slot >= SLOTS * (owner + 1) / nodes.size()) {
      owner++;
    }
    return nodes.get(owner);
  }

  /** Stops every node. Idempotent. */
  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
    replicas.forEach(RedisServer::close);
  }
}
