package dev.sojourn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.TooManySessionsException;
import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.redis.RedisStore;
import dev.sojourn.servlet.SessionFilter;
import dev.sojourn.spring.security.SecurityContextCodec;
import dev.sojourn.spring.security.SessionCsrfTokenRepository;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.memory.MemoryStore;
import dev.sojourn.testing.redis.RedisServer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/** Every condition of the auto-configuration, in a context without a server. */
class SojournAutoConfigurationTest {
  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SojournAutoConfiguration.class));

  @Test
  void defaultsGiveAMemoryStoreAndAFilterAheadOfSpringSecurity() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(SessionManager.class);
          assertThat(context.getBean(SessionStore.class)).isInstanceOf(MemoryStore.class);
          FilterRegistrationBean<?> registration =
              context.getBean("sojournSessionFilterRegistration", FilterRegistrationBean.class);
          assertThat(registration.getFilter()).isSameAs(context.getBean(SessionFilter.class));
          assertThat(registration.getOrder())
              .isLessThan(SecurityFilterProperties.DEFAULT_FILTER_ORDER);
          SessionManager manager = context.getBean(SessionManager.class);
          assertThat(manager.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
          assertThat(manager.store()).isSameAs(context.getBean(SessionStore.class));
        });
  }

  @Test
  void propertiesReachTheManager() {
    runner
        .withPropertyValues(
            "sojourn.idle-timeout=10m",
            "sojourn.absolute-timeout=2h",
            "sojourn.touch-interval=30s",
            "sojourn.filter-order=-500")
        .run(
            context -> {
              SessionManager manager = context.getBean(SessionManager.class);
              assertThat(manager.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
              assertThat(manager.absoluteTimeout()).isEqualTo(Duration.ofHours(2));
              assertThat(manager.touchInterval()).isEqualTo(Duration.ofSeconds(30));
              assertThat(
                      context
                          .getBean("sojournSessionFilterRegistration", FilterRegistrationBean.class)
                          .getOrder())
                  .isEqualTo(-500);
            });
  }

  @Test
  void maxSessionsPerUser_withRefuse_turnsASecondSignInOfTheUserAway() {
    runner
        .withPropertyValues("sojourn.max-sessions-per-user=1", "sojourn.max-sessions-policy=refuse")
        .run(
            context -> {
              SessionManager manager = context.getBean(SessionManager.class);
              Session first = manager.open(null);
              first.login("alice");
              manager.commit(first);
              Session second = manager.open(null);
              second.login("alice");
              assertThatThrownBy(() -> manager.commit(second))
                  .isInstanceOf(TooManySessionsException.class);
              assertThat(manager.open(first.id()).user()).isEqualTo("alice");
            });
  }

  @Test
  void maxSessionsPerUser_belowOne_failsStartupNamingTheProperty() {
    runner
        .withPropertyValues("sojourn.max-sessions-per-user=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sojourn.max-sessions-per-user"));
  }

  @Test
  void springSecurityPresentRegistersTheContextCodecAndTheSessionCsrfRepository() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(SecurityContextCodec.class);
          assertThat(context.getBean(AttributeCodec.class).supports(SecurityContextImpl.class))
              .isTrue();
          assertThat(context.getBean(CsrfTokenRepository.class))
              .isInstanceOf(SessionCsrfTokenRepository.class);
          assertThat(context).hasBean("sojournSessionUserFilterRegistration");
        });
  }

  @Test
  void springSecurityAbsentLeavesTheSecurityPartOut() {
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.security"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(SessionFilter.class);
              assertThat(context).doesNotHaveBean(SecurityContextCodec.class);
              assertThat(context).doesNotHaveBean("sojournSessionUserFilterRegistration");
            });
  }

  @Test
  void everyBeanBacksOffForTheApplicationsOwn() {
    runner
        .withUserConfiguration(OwnBeans.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(SessionStore.class)).isSameAs(OwnBeans.STORE);
              assertThat(context.getBean(SessionManager.class).idleTimeout())
                  .isEqualTo(Duration.ofMinutes(7));
              assertThat(context.getBean(CsrfTokenRepository.class))
                  .isInstanceOf(HttpSessionCsrfTokenRepository.class);
              assertThat(context.getBean(AttributeCodec.class)).isSameAs(AttributeCodec.defaults());
            });
  }

  @Test
  void disabledByProperty() {
    runner
        .withPropertyValues("sojourn.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SessionManager.class));
  }

  @Test
  void notAServletApplication() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SojournAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(SessionManager.class));
  }

  @Test
  void unknownStoreTypeFailsNamingThePropertyAndTheAcceptedValues() {
    runner
        .withPropertyValues("sojourn.store.type=mongo")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sojourn.store.type")
                    .hasMessageContaining("'mongo'")
                    .hasMessageContaining("accepted values are: memory, redis, jdbc"));
  }

  @Test
  void unknownSameSiteFailsNamingThePropertyAndTheAcceptedValues() {
    runner
        .withPropertyValues("sojourn.cookie.same-site=sometimes")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sojourn.cookie.same-site")
                    .hasMessageContaining("accepted values are: strict, lax, none"));
  }

  @Test
  void insecureHostCookieFailsNamingTheCookieProperties() {
    runner
        .withPropertyValues("sojourn.cookie.secure=false")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sojourn.cookie")
                    .hasMessageContaining("__Host-"));
  }

  @Test
  void badTimeoutFailsNamingTheProperties() {
    runner
        .withPropertyValues("sojourn.idle-timeout=0s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sojourn.idle-timeout")
                    .hasMessageContaining("at least 1 ms"));
  }

  @Test
  void badHeaderNameFailsNamingTheProperty() {
    runner
        .withPropertyValues("sojourn.header=Bad Header")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sojourn.header")
                    .hasMessageContaining("HTTP token"));
  }

  @Test
  void springSessionConfiguredAsWellFailsStartup() {
    runner
        .withUserConfiguration(SpringSessionToo.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasMessageContaining("Both Spring Session")
                    .hasMessageContaining("sojourn.enabled=false"));
  }

  @Test
  void springSessionJarAloneIsFine() {
    runner.run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void redisStoreWithoutTheRedisModuleFailsSayingWhatToAdd() {
    runner
        .withClassLoader(new FilteredClassLoader(RedisStore.class))
        .withPropertyValues("sojourn.store.type=redis")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("dev.sojourn:sojourn-redis"));
  }

  @Test
  void redisStoreFromSpringDataRedisProperties() {
    try (RedisServer redis = RedisServer.start(List.of())) {
      runner
          .withPropertyValues("sojourn.store.type=redis", "spring.data.redis.url=" + redis.uri())
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(SessionStore.class)).isInstanceOf(RedisStore.class);
                SessionManager manager = context.getBean(SessionManager.class);
                String id = manager.createSession();
                assertThat(manager.getSessionData(id)).isEmpty();
              });
    }
  }

  @Test
  void redisStoreFromBootsConnectionDetails() {
    try (RedisServer redis = RedisServer.start(List.of())) {
      runner
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class, SojournAutoConfiguration.class))
          .withPropertyValues(
              "sojourn.store.type=redis",
              "spring.data.redis.host=127.0.0.1",
              "spring.data.redis.port=" + redis.port())
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(RedisConnectionSource.class).uris())
                    .containsExactly("redis://127.0.0.1:" + redis.port() + "/0");
                SessionManager manager = context.getBean(SessionManager.class);
                String id = manager.createSession();
                manager.updateSessionData(id, java.util.Map.of("k", "v"));
                assertThat(manager.getSessionData(id)).containsEntry("k", "v");
              });
    }
  }

  @Test
  void badRedisIdKeyFailsNamingTheProperty() {
    try (RedisServer redis = RedisServer.start(List.of())) {
      runner
          .withPropertyValues(
              "sojourn.store.type=redis",
              "spring.data.redis.url=" + redis.uri(),
              "sojourn.store.redis.id-key=c2hvcnQ=")
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessageContaining("sojourn.store.redis.id-key")
                      .hasMessageContaining("32"));
    }
  }

  @Test
  void maxSessionsPerUser_onRedisWithoutAnIdKey_failsStartupNamingBothProperties() {
    try (RedisServer redis = RedisServer.start(List.of())) {
      runner
          .withPropertyValues(
              "sojourn.store.type=redis",
              "spring.data.redis.url=" + redis.uri(),
              "sojourn.max-sessions-per-user=2")
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessageContaining("sojourn.max-sessions-per-user")
                      .hasMessageContaining("sojourn.store.redis.id-key"));
      runner
          .withPropertyValues(
              "sojourn.store.type=redis",
              "spring.data.redis.url=" + redis.uri(),
              "sojourn.max-sessions-per-user=2",
              "sojourn.store.redis.id-key=" + Base64.getEncoder().encodeToString(new byte[32]))
          .run(context -> assertThat(context).hasNotFailed());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    static final SessionStore STORE = MemoryStore.builder().backgroundSweeper(false).build();

    @Bean
    SessionStore store() {
      return STORE;
    }

    @Bean
    AttributeCodec codec() {
      return AttributeCodec.defaults();
    }

    @Bean
    SessionManager manager(SessionStore store, AttributeCodec codec) {
      return SessionManager.builder()
          .store(store)
          .codec(codec)
          .idleTimeout(Duration.ofMinutes(7))
          .build();
    }

    @Bean
    CsrfTokenRepository csrfTokenRepository() {
      return new HttpSessionCsrfTokenRepository();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class SpringSessionToo {
    @Bean
    SessionRepositoryFilter<?> springSessionRepositoryFilter() {
      return new SessionRepositoryFilter<>(new MapSessionRepository(new ConcurrentHashMap<>()));
    }
  }
}
