package dev.sojourn.spring.boot;

import dev.sojourn.redis.RedisStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * Where the Redis store connects: the URI(s) built from Spring Boot's Redis settings. A bean of
 * this type replaces them. Sentinel and master/replica set-ups are not supported yet.
 */
public final class RedisConnectionSource {
  private final List<String> uris;
  private final boolean cluster;

  private RedisConnectionSource(List<String> uris, boolean cluster) {
    this.uris = List.copyOf(uris);
    this.cluster = cluster;
  }

  /**
   * A standalone Redis at this URI.
   *
   * @param uri {@code redis://[user:password@]host:port/db}, or {@code rediss://} for TLS (not
   *     parsed here)
   * @return the source
   * @throws NullPointerException if {@code uri} is null
   */
  public static RedisConnectionSource standalone(String uri) {
    return new RedisConnectionSource(List.of(uri), false);
  }

  /**
   * A Redis Cluster through these seed URIs: the store discovers the other nodes from them.
   *
   * @param seeds one or more node URIs, {@code redis://host:port} each (copied; not parsed here)
   * @return the source
   * @throws NullPointerException if {@code seeds} or one of its elements is null
   */
  public static RedisConnectionSource cluster(List<String> seeds) {
    return new RedisConnectionSource(seeds, true);
  }

  /**
   * {@return the URIs, for tests and diagnostics: one for standalone, the seeds for a cluster; an
   * immutable list}
   */
  public List<String> uris() {
    return uris;
  }

  void applyTo(RedisStore.Builder builder) {
    if (cluster) {
      builder.clusterUris(uris);
    } else {
      builder.uri(uris.get(0));
    }
  }

  static RedisConnectionSource fromEnvironment(Environment env) {
    String url = env.getProperty("spring.data.redis.url");
    if (url != null && !url.isEmpty()) {
      return standalone(url);
    }
    String host = env.getProperty("spring.data.redis.host", "localhost");
    int port = env.getProperty("spring.data.redis.port", Integer.class, 6379);
    int database = env.getProperty("spring.data.redis.database", Integer.class, 0);
    boolean ssl = env.getProperty("spring.data.redis.ssl.enabled", Boolean.class, false);
    String auth =
        auth(
            env.getProperty("spring.data.redis.username"),
            env.getProperty("spring.data.redis.password"));
    return standalone(
        (ssl ? "rediss" : "redis") + "://" + auth + host + ":" + port + "/" + database);
  }

  static String auth(@Nullable String username, @Nullable String password) {
    if (password == null || password.isEmpty()) {
      return "";
    }
    String user = username == null ? "" : encode(username);
    return user + ":" + encode(password) + "@";
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "RedisConnectionSource(" + (cluster ? "cluster" : "standalone") + ")";
  }
}
