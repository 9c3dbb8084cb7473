package dev.sojourn.spring.boot;

import static dev.sojourn.spring.boot.BuilderProperties.apply;
import static dev.sojourn.spring.boot.BuilderProperties.applyKey;

import dev.sojourn.jdbc.PostgresStore;
import dev.sojourn.jdbc.PostgresStoreBuilder;
import dev.sojourn.redis.RedisStore;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.memory.MemoryStore;
import java.time.InstantSource;
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
      apply("sojourn.max-sessions", properties.getMaxSessions(), builder::maximumSize);
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
      apply(
          "sojourn.store.redis.command-timeout",
          redis.getCommandTimeout(),
          builder::commandTimeout);
      applyKey("sojourn.store.redis.id-key", redis.getIdKey(), builder::idKey);
      applyKey("sojourn.store.redis.digest-key", redis.getDigestKey(), builder::digestKey);
      apply("sojourn.store.redis.expiry-events", redis.getExpiryEvents(), builder::expiryEvents);
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
      applyKey("sojourn.store.jdbc.id-key", jdbc.getIdKey(), builder::idKey);
      applyKey("sojourn.store.jdbc.digest-key", jdbc.getDigestKey(), builder::digestKey);
      apply("sojourn.store.jdbc.timeout", jdbc.getTimeout(), builder::timeout);
      apply("sojourn.store.jdbc.sweep-interval", jdbc.getSweepInterval(), builder::sweepInterval);
      builder.createSchema(jdbc.isCreateSchema());
      return builder.build();
    }
  }
}
