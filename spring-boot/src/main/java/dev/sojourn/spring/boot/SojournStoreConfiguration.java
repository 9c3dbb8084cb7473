package dev.sojourn.spring.boot;

import dev.sojourn.jdbc.PostgresStore;
import dev.sojourn.jdbc.PostgresStoreBuilder;
import dev.sojourn.redis.RedisStore;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.memory.MemoryStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The store, chosen by {@code sojourn.store.type}; the session manager owns and closes it. */
final class SojournStoreConfiguration {
  private SojournStoreConfiguration() {}

  /** {@code sojourn.store.type=memory} (the default): one node only. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "sojourn.store.type", havingValue = "memory", matchIfMissing = true)
  static class Memory {
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    SessionStore sojournSessionStore(
        SojournProperties properties, ObjectProvider<InstantSource> clock) {
      MemoryStore.Builder builder = MemoryStore.builder();
      InstantSource instantSource = clock.getIfAvailable();
      if (instantSource != null) {
        builder.clock(instantSource);
      }
      Integer maxSessions = properties.getMaxSessions();
      if (maxSessions != null) {
        try {
          builder.maximumSize(maxSessions);
        } catch (IllegalArgumentException e) {
          throw new InvalidConfigurationPropertyValueException(
              "sojourn.max-sessions", maxSessions, e.getMessage());
        }
      }
      return builder.build();
    }
  }

  /**
   * {@code sojourn.store.type=redis}: the connection from Spring Boot's own Redis settings ({@code
   * DataRedisConnectionDetails} when Spring Boot's Redis support is present, else the {@code
   * spring.data.redis.*} properties).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "sojourn.store.type", havingValue = "redis")
  @ConditionalOnClass(RedisStore.class)
  static class Redis {
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    SessionStore sojournSessionStore(
        SojournProperties properties,
        Environment environment,
        ObjectProvider<InstantSource> clock,
        ObjectProvider<RedisConnectionSource> connection) {
      if (properties.getMaxSessions() != null) {
        throw new InvalidConfigurationPropertyValueException(
            "sojourn.max-sessions",
            properties.getMaxSessions(),
            "it bounds the memory store only; the Redis store is bounded by Redis's maxmemory");
      }
      RedisStore.Builder builder = RedisStore.builder();
      RedisConnectionSource source = connection.getIfAvailable();
      if (source == null) {
        source = RedisConnectionSource.fromEnvironment(environment);
      }
      source.applyTo(builder);
      SojournProperties.Redis redis = properties.getStore().getRedis();
      InstantSource instantSource = clock.getIfAvailable();
      if (instantSource != null) {
        builder.clock(instantSource);
      }
      if (redis.getKeyPrefix() != null) {
        builder.keyPrefix(redis.getKeyPrefix());
      }
      if (redis.getCommandTimeout() != null) {
        try {
          builder.commandTimeout(redis.getCommandTimeout());
        } catch (IllegalArgumentException e) {
          throw new InvalidConfigurationPropertyValueException(
              "sojourn.store.redis.command-timeout", redis.getCommandTimeout(), e.getMessage());
        }
      }
      if (redis.getIdKey() != null) {
        byte[] idKey = key("sojourn.store.redis.id-key", redis.getIdKey());
        refuseAs("sojourn.store.redis.id-key", "(hidden)", () -> builder.idKey(idKey));
      }
      if (redis.getDigestKey() != null) {
        byte[] digestKey = key("sojourn.store.redis.digest-key", redis.getDigestKey());
        refuseAs("sojourn.store.redis.digest-key", "(hidden)", () -> builder.digestKey(digestKey));
      }
      Duration expiryEvents = redis.getExpiryEvents();
      if (expiryEvents != null) {
        refuseAs(
            "sojourn.store.redis.expiry-events",
            expiryEvents,
            () -> builder.expiryEvents(expiryEvents));
      }
      return builder.build();
    }

    /** Spring Boot's Redis connection details, when Boot's Redis support is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
        name = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails")
    static class BootConnection {
      @Bean
      @ConditionalOnMissingBean
      RedisConnectionSource sojournRedisConnectionSource(
          ObjectProvider<
                  org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails>
              details,
          Environment environment) {
        var available = details.getIfAvailable();
        return available == null
            ? RedisConnectionSource.fromEnvironment(environment)
            : BootRedisDetails.fromDetails(available);
      }
    }
  }

  /**
   * {@code sojourn.store.type=jdbc}: the PostgreSQL store on the application's {@code DataSource}
   * (Spring Boot's, from {@code spring.datasource.*}). The store borrows one connection per
   * statement and never closes the pool: the application context does.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "sojourn.store.type", havingValue = "jdbc")
  @ConditionalOnClass(PostgresStore.class)
  static class Jdbc {
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    SessionStore sojournSessionStore(
        SojournProperties properties,
        ObjectProvider<DataSource> dataSource,
        ObjectProvider<InstantSource> clock) {
      if (properties.getMaxSessions() != null) {
        throw new InvalidConfigurationPropertyValueException(
            "sojourn.max-sessions",
            properties.getMaxSessions(),
            "it bounds the memory store only; the PostgreSQL store is bounded by the database");
      }
      DataSource pool = dataSource.getIfUnique();
      if (pool == null) {
        throw new IllegalStateException(
            "sojourn.store.type=jdbc needs one DataSource bean (add spring-boot-starter-jdbc and"
                + " set spring.datasource.url, or define a DataSource)");
      }
      JdbcStoreProperties jdbc = properties.getStore().getJdbc();
      PostgresStoreBuilder builder = PostgresStore.builder().dataSource(pool);
      InstantSource instantSource = clock.getIfAvailable();
      if (instantSource != null) {
        builder.clock(instantSource);
      }
      if (jdbc.getIdKey() != null) {
        byte[] idKey = key("sojourn.store.jdbc.id-key", jdbc.getIdKey());
        refuseAs("sojourn.store.jdbc.id-key", "(hidden)", () -> builder.idKey(idKey));
      }
      if (jdbc.getDigestKey() != null) {
        byte[] digestKey = key("sojourn.store.jdbc.digest-key", jdbc.getDigestKey());
        refuseAs("sojourn.store.jdbc.digest-key", "(hidden)", () -> builder.digestKey(digestKey));
      }
      Duration timeout = jdbc.getTimeout();
      if (timeout != null) {
        refuseAs("sojourn.store.jdbc.timeout", timeout, () -> builder.timeout(timeout));
      }
      Duration sweepInterval = jdbc.getSweepInterval();
      if (sweepInterval != null) {
        refuseAs(
            "sojourn.store.jdbc.sweep-interval",
            sweepInterval,
            () -> builder.sweepInterval(sweepInterval));
      }
      builder.createSchema(jdbc.isCreateSchema());
      return builder.build();
    }
  }

  /** Decodes a base64 key property, refusing bad base64 with a message that names the property. */
  private static byte[] key(String property, String base64) {
    try {
      return Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          property, "(hidden)", "must be the base64 of 32 random bytes: " + e.getMessage());
    }
  }

  /** Runs a builder call, turning its IllegalArgumentException into one that names the property. */
  private static void refuseAs(String property, Object shown, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(property, shown, e.getMessage());
    }
  }
}
