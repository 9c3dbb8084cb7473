package dev.sojourn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.SessionManager;
import dev.sojourn.jdbc.PostgresStore;
import dev.sojourn.redis.RedisStore;
import dev.sojourn.store.SessionStore;
import dev.sojourn.testing.postgres.PostgresServer;
import dev.sojourn.testing.redis.RedisServer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * {@code sojourn.store.type=jdbc} (the PostgreSQL store on the application's DataSource, against a
 * real PostgreSQL) and the Redis store's {@code digest-key} and {@code expiry-events} properties
 * (against a real redis-server), each with its failures.
 */
class StoreChoiceTest {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  private static PostgresServer postgres;

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SojournAutoConfiguration.class));

  @BeforeAll
  static void start() {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  /** A pool for one application context, which closes it (as Spring Boot's DataSource). */
  private static HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.jdbcUrl());
    config.setUsername(postgres.user());
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  @Test
  void jdbcStoreOnTheApplicationsDataSource() {
    runner
        .withBean(DataSource.class, StoreChoiceTest::pool)
        .withPropertyValues(
            "sojourn.store.type=jdbc",
            "sojourn.store.jdbc.create-schema=true",
            "sojourn.store.jdbc.id-key=" + KEY,
            "sojourn.store.jdbc.digest-key=" + KEY)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(SessionStore.class)).isInstanceOf(PostgresStore.class);
              SessionManager manager = context.getBean(SessionManager.class);
              String id = manager.createSession();
              manager.updateSessionData(id, Map.of("k", "v"));
              assertThat(manager.getSessionData(id)).containsEntry("k", "v");
            });
  }

  @Test
  void jdbcStoreWithoutADataSourceFailsSayingWhatToAdd() {
    runner
        .withPropertyValues("sojourn.store.type=jdbc")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sojourn.store.type=jdbc needs one DataSource bean"));
  }

  @Test
  void jdbcStoreWithoutTheJdbcModuleFailsSayingWhatToAdd() {
    runner
        .withClassLoader(new FilteredClassLoader(PostgresStore.class))
        .withBean(DataSource.class, StoreChoiceTest::pool)
        .withPropertyValues("sojourn.store.type=jdbc")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("dev.sojourn:sojourn-jdbc"));
  }

  @Test
  void badJdbcPropertiesFailNamingTheProperty() {
    runner
        .withBean(DataSource.class, StoreChoiceTest::pool)
        .withPropertyValues("sojourn.store.type=jdbc", "sojourn.store.jdbc.id-key=AAAA")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sojourn.store.jdbc.id-key")
                    .hasMessageContaining("idKey must be 32 bytes"));
    runner
        .withBean(DataSource.class, StoreChoiceTest::pool)
        .withPropertyValues("sojourn.store.type=jdbc", "sojourn.store.jdbc.timeout=2h")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sojourn.store.jdbc.timeout"));
    runner
        .withBean(DataSource.class, StoreChoiceTest::pool)
        .withPropertyValues("sojourn.store.type=jdbc", "sojourn.max-sessions=10")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sojourn.max-sessions"));
  }

  @Test
  void redisExpiryEventsAndDigestKeyProperties() {
    try (RedisServer redis = RedisServer.start(List.of())) {
      runner
          .withPropertyValues(
              "sojourn.store.type=redis",
              "spring.data.redis.url=" + redis.uri(),
              "sojourn.store.redis.digest-key=" + KEY,
              "sojourn.store.redis.expiry-events=10s")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                RedisStore store = (RedisStore) context.getBean(SessionStore.class);
                assertThat(store.sweep()).isZero();
              });
      runner
          .withPropertyValues("sojourn.store.type=redis", "spring.data.redis.url=" + redis.uri())
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                RedisStore store = (RedisStore) context.getBean(SessionStore.class);
                assertThatThrownBy(store::sweep)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("expiry events are off");
              });
      runner
          .withPropertyValues(
              "sojourn.store.type=redis",
              "spring.data.redis.url=" + redis.uri(),
              "sojourn.store.redis.digest-key=" + Base64.getEncoder().encodeToString(new byte[8]))
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessageContaining("sojourn.store.redis.digest-key"));
    }
  }
}
