package dev.sojourn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.spring.boot.SojournSessionsEndpoint.SessionDescriptor;
import dev.sojourn.testing.redis.RedisServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every condition of {@link SojournActuatorAutoConfiguration}, and what its beans answer. */
class SojournActuatorAutoConfigurationTest {
  private static final String EXPOSE = "management.endpoints.web.exposure.include=sessions";

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SojournAutoConfiguration.class, SojournActuatorAutoConfiguration.class));

  // ---- health ----

  @Test
  void health_isUpOnAWorkingStore() {
    runner.run(
        context -> {
          Health health = context.getBean(SojournHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("store", "MemoryStore");
        });
  }

  @Test
  void health_isDownWithTheReason_whenRedisIsDown() {
    try (RedisServer redis = RedisServer.start(List.of())) {
      runner
          .withPropertyValues("sojourn.store.type=redis", "spring.data.redis.url=" + redis.uri())
          .run(
              context -> {
                SojournHealthIndicator indicator = context.getBean(SojournHealthIndicator.class);
                Health up = indicator.health();
                assertThat(up.getStatus()).as(up.getDetails().toString()).isEqualTo(Status.UP);
                redis.kill();
                Health down = indicator.health();
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails()).containsEntry("store", "RedisStore");
                assertThat(String.valueOf(down.getDetails().get("error")))
                    .startsWith("dev.sojourn.store.StoreException: ")
                    .contains("redis");
              });
    }
  }

  @Test
  void health_canBeTurnedOff() {
    runner
        .withPropertyValues("management.health.sojourn.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SojournHealthIndicator.class));
  }

  @Test
  void health_needsSpringBootHealth() {
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(
            context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(SojournHealthIndicator.class));
  }

  @Test
  void health_backsOffToTheApplicationsOwn() {
    runner
        .withUserConfiguration(OwnHealth.class)
        .run(
            context ->
                assertThat(context.getBean("sojournHealthIndicator"))
                    .isSameAs(OwnHealth.INDICATOR));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnHealth {
    static final HealthIndicator INDICATOR = () -> Health.up().build();

    @Bean
    HealthIndicator sojournHealthIndicator() {
      return INDICATOR;
    }
  }

  // ---- the sessions endpoint ----

  @Test
  void endpoint_isNotThereUntilExposed() {
    runner.run(context -> assertThat(context).doesNotHaveBean(SojournSessionsEndpoint.class));
    runner
        .withPropertyValues(EXPOSE)
        .run(context -> assertThat(context).hasSingleBean(SojournSessionsEndpoint.class));
  }

  @Test
  void endpoint_isNotThereWhenAccessIsNone() {
    runner
        .withPropertyValues(EXPOSE, "management.endpoint.sessions.access=NONE")
        .run(context -> assertThat(context).doesNotHaveBean(SojournSessionsEndpoint.class));
  }

  @Test
  void endpoint_needsActuator() {
    runner
        .withPropertyValues(EXPOSE)
        .withClassLoader(new FilteredClassLoader(Endpoint.class))
        .run(
            context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(SojournSessionsEndpoint.class));
  }

  @Test
  void endpoint_listsAUsersSessions_withoutIdsOrCsrfTokens_andEndsOneByReference() {
    runner
        .withPropertyValues(EXPOSE)
        .run(
            context -> {
              SessionManager manager = context.getBean(SessionManager.class);
              Session first = signIn(manager, "alice");
              Session second = signIn(manager, "alice");
              signIn(manager, "bob");
              SojournSessionsEndpoint endpoint = context.getBean(SojournSessionsEndpoint.class);

              List<SessionDescriptor> sessions = endpoint.sessions("alice").sessions();
              assertThat(sessions)
                  .extracting(SessionDescriptor::reference)
                  .containsExactlyInAnyOrder(
                      SojournSessionsEndpoint.reference(first.id()),
                      SojournSessionsEndpoint.reference(second.id()));
              assertThat(sessions.toString())
                  .doesNotContain(first.id(), second.id(), first.csrfToken(), second.csrfToken());
              assertThat(sessions.get(0).authenticatedAt()).isNotNull();
              assertThat(sessions.get(0).expiresAt()).isAfter(sessions.get(0).lastAccessedAt());

              String reference = SojournSessionsEndpoint.reference(first.id());
              assertThat(endpoint.endSession(reference, "bob").ended()).isZero();
              assertThat(endpoint.endSession(reference, "alice").ended()).isEqualTo(1);
              assertThat(endpoint.endSession(reference, "alice").ended()).isZero();
              assertThat(manager.open(first.id()).isNew()).isTrue();
              assertThat(endpoint.sessions("alice").sessions()).hasSize(1);
              assertThat(endpoint.endAllSessions("alice").ended()).isEqualTo(1);
              assertThat(endpoint.sessions("alice").sessions()).isEmpty();
              assertThat(endpoint.sessions("bob").sessions()).hasSize(1);
            });
  }

  @Test
  void endpoint_onAStoreThatCannotListByUser_saysWhy() {
    try (RedisServer redis = RedisServer.start(List.of())) {
      runner
          .withPropertyValues(
              EXPOSE, "sojourn.store.type=redis", "spring.data.redis.url=" + redis.uri())
          .run(
              context -> {
                SojournSessionsEndpoint endpoint = context.getBean(SojournSessionsEndpoint.class);
                assertThatThrownBy(() -> endpoint.sessions("alice"))
                    .isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageStartingWith("the session store cannot list sessions by user: ")
                    .hasMessageContaining("idKey");
                assertThatThrownBy(() -> endpoint.endSession("AAAAAAAAAAAAAAAA", "alice"))
                    .isInstanceOf(InvalidEndpointRequestException.class);
              });
    }
  }

  @Test
  void reference_isShort_stable_andNotTheId() {
    String id = "3Jq9WcN1xkYbQ2sT8uVzA5mLp7dRf4Hg";
    assertThat(SojournSessionsEndpoint.reference(id))
        .hasSize(16)
        .isEqualTo(SojournSessionsEndpoint.reference(id))
        .isNotEqualTo(SojournSessionsEndpoint.reference(id + "x"))
        .doesNotContain(id.substring(0, 8));
  }

  private static Session signIn(SessionManager manager, String user) {
    Session session = manager.open(null);
    session.login(user);
    manager.commit(session);
    return session;
  }
}
