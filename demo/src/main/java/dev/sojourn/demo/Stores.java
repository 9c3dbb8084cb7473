package dev.sojourn.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.jdbc.PostgresStore;
import dev.sojourn.redis.RedisStore;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.memory.MemoryStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * THE place where the demo chooses its session store from {@code --store}. Add a store here, and
 * nowhere else.
 */
final class Stores {
  /** Environment variable with the Redis store's ID key, 32 bytes in base64. */
  static final String ID_KEY_VARIABLE = "SOJOURN_REDIS_ID_KEY";

  /** Environment variable with the PostgreSQL store's ID key, 32 bytes in base64. */
  static final String POSTGRES_ID_KEY_VARIABLE = "SOJOURN_POSTGRES_ID_KEY";

  private Stores() {}

  /**
   * A store and what must be closed after it (the PostgreSQL store's connection pool, which the
   * store does not own).
   */
  record Opened(SessionStore store, AutoCloseable resources) {}

  /**
   * Opens the store {@code spec} names: {@code memory}, {@code redis://host:port}, or PostgreSQL as
   * {@code postgresql://user:password@host:port/database} or a {@code jdbc:postgresql:} URL.
   *
   * <p>For Redis and PostgreSQL, {@code /sessions} needs the store's ID key (the store seals
   * session IDs with it, so that the server never holds one in the clear). The demo reads it from
   * {@value #ID_KEY_VARIABLE} (Redis) or {@value #POSTGRES_ID_KEY_VARIABLE} (PostgreSQL); without
   * it, it makes a random key for this process, so sessions listed after a restart start afresh
   * (older ones still work, they are just not listed). On PostgreSQL the demo creates the schema if
   * it is missing and keeps a pool of 8 connections.
   *
   * @throws IllegalArgumentException if the spec names no store this build has, or the key is bad
   * @throws dev.sojourn.store.StoreException if Redis or PostgreSQL cannot be reached
   */
  static Opened open(String spec, InstantSource clock) {
    if (spec.equals("memory")) {
      return new Opened(MemoryStore.builder().clock(clock).build(), () -> {});
    }
    if (spec.startsWith("redis://") || spec.startsWith("rediss://")) {
      return new Opened(
          RedisStore.builder()
              .uri(spec)
              .clock(clock)
              .idKey(idKey(System.getenv(ID_KEY_VARIABLE), ID_KEY_VARIABLE))
              .build(),
          () -> {});
    }
    if (spec.startsWith("postgresql://")
        || spec.startsWith("postgres://")
        || spec.startsWith("jdbc:postgresql:")) {
      return postgres(spec, clock);
    }
    throw new IllegalArgumentException(
        "--store must be 'memory', 'redis://host:port' or"
            + " 'postgresql://user:password@host:port/database', was '"
            + spec
            + "'");
  }

  private static Opened postgres(String spec, InstantSource clock) {
    HikariConfig config = new HikariConfig();
    if (spec.startsWith("jdbc:")) {
      config.setJdbcUrl(spec);
    } else {
      URI uri;
      try {
        uri = new URI(spec);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("--store: not a PostgreSQL URL: " + e.getMessage(), e);
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("--store: the PostgreSQL URL names no host: " + spec);
      }
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      config.setJdbcUrl(
          "jdbc:postgresql://"
              + uri.getHost()
              + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
              + (path.isEmpty() ? "/" : path));
      String userInfo = uri.getRawUserInfo();
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        config.setUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
        if (colon >= 0) {
          config.setPassword(decode(userInfo.substring(colon + 1)));
        }
      }
    }
    config.setMaximumPoolSize(8);
    config.setConnectionTimeout(5_000);
    config.setPoolName("sojourn-demo");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new dev.sojourn.store.StoreException(
          "cannot connect to PostgreSQL at " + config.getJdbcUrl() + ": " + e.getMessage(), e);
    }
    try {
      PostgresStore store =
          PostgresStore.builder()
              .dataSource(pool)
              .clock(clock)
              .idKey(idKey(System.getenv(POSTGRES_ID_KEY_VARIABLE), POSTGRES_ID_KEY_VARIABLE))
              .createSchema(true)
              .build();
      return new Opened(store, pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  static byte[] idKey(@Nullable String base64) {
    return idKey(base64, ID_KEY_VARIABLE);
  }

  static byte[] idKey(@Nullable String base64, String variable) {
    if (base64 == null || base64.isBlank()) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      return key;
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(variable + " is not valid base64", e);
    }
    if (key.length != 32) {
      throw new IllegalArgumentException(variable + " must decode to 32 bytes, was " + key.length);
    }
    return key;
  }
}
