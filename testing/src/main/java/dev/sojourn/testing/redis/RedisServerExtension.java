package dev.sojourn.testing.redis;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts a real {@code redis-server} before a test class and stops it
 * after: a standalone server, or a local three-master Redis Cluster. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();
 * ... RedisStore.builder().uri(REDIS.uri()) ...
 * }</pre>
 *
 * <p>Which binary runs is decided by {@link RedisBinary#locate()}. Servers listen on ephemeral
 * loopback ports with persistence off.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {
  private final boolean cluster;
  private @Nullable RedisServer server;
  private @Nullable RedisCluster redisCluster;

  private RedisServerExtension(boolean cluster) {
    this.cluster = cluster;
  }

  /** {@return a new extension that runs one standalone server} */
  public static RedisServerExtension standalone() {
    return new RedisServerExtension(false);
  }

  /** {@return a new extension that runs a three-master Redis Cluster} */
  public static RedisServerExtension cluster() {
    return new RedisServerExtension(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (cluster) {
      redisCluster = RedisCluster.start();
    } else {
      server = RedisServer.start(List.of());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
    if (redisCluster != null) {
      redisCluster.close();
      redisCluster = null;
    }
  }

  /** {@return whether this extension runs a cluster} */
  public boolean isCluster() {
    return cluster;
  }

  /**
   * The URI to connect to: the standalone server's, or the first cluster node's (a cluster client
   * discovers the others from it).
   *
   * @return the URI, {@code redis://127.0.0.1:port}
   * @throws NullPointerException for a standalone server, outside the test class's lifetime
   * @throws IllegalStateException for a cluster, outside the test class's lifetime
   */
  public String uri() {
    return uris().get(0);
  }

  /**
   * Every node's URI (one for standalone).
   *
   * @return the URIs, {@code redis://127.0.0.1:port} each; for a cluster, in slot order
   * @throws NullPointerException for a standalone server, outside the test class's lifetime
   * @throws IllegalStateException for a cluster, outside the test class's lifetime
   */
  public List<String> uris() {
    if (redisCluster != null) {
      return redisCluster.uris();
    }
    return List.of(server().uri());
  }

  /**
   * The standalone server, to kill and restart it.
   *
   * @return the server
   * @throws IllegalStateException for a cluster extension
   * @throws NullPointerException outside the test class's lifetime
   */
  public RedisServer server() {
    if (cluster) {
      throw new IllegalStateException("this extension runs a cluster: use nodes()");
    }
    return Objects.requireNonNull(server, "redis-server is not running outside the test class");
  }

  /**
   * Every running server: the standalone one, or the cluster's masters.
   *
   * @return the servers; for a cluster, in slot order
   * @throws NullPointerException for a standalone server, outside the test class's lifetime
   * @throws IllegalStateException for a cluster, outside the test class's lifetime
   */
  public List<RedisServer> nodes() {
    if (redisCluster != null) {
      return redisCluster.nodes();
    }
    return List.of(server());
  }
}
