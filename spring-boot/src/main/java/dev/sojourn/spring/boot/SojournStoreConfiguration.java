package dev.sojourn.spring.boot;

import dev.sojourn.redis.RedisStore;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.memory.MemoryStore;
import java.time.InstantSource;
import java.util.Base64;
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
        try {
          builder.idKey(Base64.getDecoder().decode(redis.getIdKey()));
        } catch (IllegalArgumentException e) {
          throw new InvalidConfigurationPropertyValueException(
              "sojourn.store.redis.id-key",
              "(hidden)",
              "must be the base64 of 32 random bytes: " + e.getMessage());
        }
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
}
