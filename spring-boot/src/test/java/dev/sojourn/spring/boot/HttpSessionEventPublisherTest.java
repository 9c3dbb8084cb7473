package dev.sojourn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.jdbc.PostgresStore;
import dev.sojourn.redis.RedisStore;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.memory.MemoryStore;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.postgres.PostgresServer;
import dev.sojourn.testing.redis.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.session.HttpSessionCreatedEvent;
import org.springframework.security.web.session.HttpSessionDestroyedEvent;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.session.HttpSessionIdChangedEvent;

/**
 * Spring Security's {@link HttpSessionEventPublisher}, registered as a bean the usual way (Spring
 * Boot adds it to the servlet context as a listener), turns Sojourn's session events into Spring's
 * application events, in embedded Tomcat: created, ID changed on sign-in, destroyed on sign-out and
 * on expiry (with the signed-in context readable), on the memory store, the Redis store with its
 * expiry events on, and the PostgreSQL store.
 */
class HttpSessionEventPublisherTest {
  /** The application's side: the publisher bean, a listener, and a clock the test moves. */
  @Configuration(proxyBeanMethods = false)
  static class Events {
    static final MutableClock CLOCK = MutableClock.start();

    @Bean
    HttpSessionEventPublisher httpSessionEventPublisher() {
      return new HttpSessionEventPublisher();
    }

    @Bean
    MutableClock clock() {
      return CLOCK;
    }

    @Bean
    Recorder recorder() {
      return new Recorder();
    }
  }

  /**
   * Records Spring Security's session events, and who was signed in to each destroyed session: a
   * listener reads the session during the event, as with a container (afterwards it is invalid).
   */
  static final class Recorder implements ApplicationListener<ApplicationEvent> {
    final List<ApplicationEvent> heard = new CopyOnWriteArrayList<>();
    final Map<String, List<String>> destroyedUsers = new ConcurrentHashMap<>();

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
      if (event instanceof HttpSessionDestroyedEvent destroyed) {
        destroyedUsers.put(
            destroyed.getId(),
            destroyed.getSecurityContexts().stream()
                .map(SecurityContext::getAuthentication)
                .map(a -> a == null ? "none" : a.getName())
                .toList());
      }
      if (event instanceof HttpSessionCreatedEvent
          || event instanceof HttpSessionIdChangedEvent
          || event instanceof HttpSessionDestroyedEvent) {
        heard.add(event);
      }
    }

    <T> List<T> of(Class<T> type) {
      return heard.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  /** The application's DataSource, for the PostgreSQL store: a pool on the test's server. */
  @Configuration(proxyBeanMethods = false)
  static class Jdbc {
    static @Nullable PostgresServer server;

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource() {
      PostgresServer postgres = java.util.Objects.requireNonNull(server, "no PostgreSQL started");
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(postgres.jdbcUrl());
      config.setUsername(postgres.user());
      config.setMaximumPoolSize(4);
      return new HikariDataSource(config);
    }
  }

  private static ConfigurableApplicationContext start(String... more) {
    return start(List.of(SecuredApp.class, Events.class), more);
  }

  private static ConfigurableApplicationContext start(List<Class<?>> sources, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--sojourn.idle-timeout=10m"));
    args.addAll(List.of(more));
    return new SpringApplication(sources.toArray(Class<?>[]::new)).run(args.toArray(String[]::new));
  }

  private static Client signedIn(int port) {
    Client client = new Client(port);
    String token = client.get("/page").body();
    assertThat(
            client
                .post("/login", Map.of("username", "alice", "password", "alice-pw", "_csrf", token))
                .statusCode())
        .isEqualTo(302);
    return client;
  }

  @Test
  void created_idChanged_andDestroyed_reachSpringsApplicationEvents() {
    try (ConfigurableApplicationContext context = start()) {
      Recorder recorder = context.getBean(Recorder.class);
      Client client = new Client(SecuredApp.port(context));
      String token = client.get("/page").body();
      String anonymous = client.sessionId;
      assertThat(recorder.of(HttpSessionCreatedEvent.class))
          .as("the CSRF token keeps a session: it is created")
          .extracting(e -> e.getSession().getId())
          .containsExactly(anonymous);

      client.post("/login", Map.of("username", "alice", "password", "alice-pw", "_csrf", token));
      String signedIn = client.sessionId;
      assertThat(signedIn).isNotEqualTo(anonymous);
      // Two rotations in the sign-in request: Spring's changeSessionId(), then the anonymous
      // session's login() when SessionUserFilter sets the user. The events chain, so a listener
      // that follows IDs (SessionRegistryImpl) ends on the ID the client holds.
      List<HttpSessionIdChangedEvent> changes = recorder.of(HttpSessionIdChangedEvent.class);
      assertThat(changes).hasSize(2);
      assertThat(changes.get(0).getOldSessionId()).isEqualTo(anonymous);
      assertThat(changes.get(1).getOldSessionId()).isEqualTo(changes.get(0).getNewSessionId());
      assertThat(changes.get(1).getNewSessionId()).isEqualTo(signedIn);

      client.post("/logout", Map.of("_csrf", client.get("/page").body()));
      assertThat(recorder.of(HttpSessionDestroyedEvent.class))
          .extracting(HttpSessionDestroyedEvent::getId)
          .containsExactly(signedIn);
      assertThat(recorder.destroyedUsers).containsEntry(signedIn, List.of("alice"));
      assertThat(recorder.of(HttpSessionCreatedEvent.class)).hasSize(1);
    }
  }

  @Test
  void expiry_isADestroyedEvent_withTheContextStillReadable() {
    try (ConfigurableApplicationContext context = start()) {
      Recorder recorder = context.getBean(Recorder.class);
      Client client = signedIn(SecuredApp.port(context));
      String id = client.sessionId;
      recorder.heard.clear();

      Events.CLOCK.advance(Duration.ofMinutes(11));
      ((MemoryStore) context.getBean(SessionStore.class)).sweep();
      assertThat(recorder.of(HttpSessionDestroyedEvent.class))
          .extracting(HttpSessionDestroyedEvent::getId)
          .containsExactly(id);
      assertThat(recorder.destroyedUsers).containsEntry(id, List.of("alice"));
      assertThat(client.get("/me").body()).isEqualTo("anonymous");
    }
  }

  /** Starts the app on a Redis store with expiry events, signs in, and lets the session expire. */
  private static void expireOnRedis(boolean withIdKey, ExpiryCheck check) {
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    try (RedisServer redis = RedisServer.start(List.of());
        ConfigurableApplicationContext context =
            start(
                "--sojourn.store.type=redis",
                "--spring.data.redis.url=" + redis.uri(),
                // The store's own sweeper first runs half an interval (30 real minutes) after it
                // starts: the test sweeps, so the event comes on the test's thread.
                "--sojourn.store.redis.expiry-events=1h",
                withIdKey ? "--sojourn.store.redis.id-key=" + key : "--debug=false")) {
      Recorder recorder = context.getBean(Recorder.class);
      Client client = signedIn(SecuredApp.port(context));
      recorder.heard.clear();

      Events.CLOCK.advance(Duration.ofMinutes(11));
      RedisStore store = (RedisStore) context.getBean(SessionStore.class);
      assertThat(store.sweep()).isEqualTo(1);
      check.check(java.util.Objects.requireNonNull(client.sessionId), recorder);
      assertThat(store.sweep()).as("reported once").isZero();
      assertThat(client.get("/me").body()).isEqualTo("anonymous");
    }
  }

  interface ExpiryCheck {
    void check(String sessionId, Recorder recorder);
  }

  @Test
  void expiryOnRedis_withExpiryEventsAndAnIdKey_isADestroyedEvent_underTheSessionId() {
    expireOnRedis(
        true,
        (id, recorder) -> {
          assertThat(recorder.of(HttpSessionDestroyedEvent.class))
              .extracting(HttpSessionDestroyedEvent::getId)
              .containsExactly(id);
          assertThat(recorder.destroyedUsers).containsEntry(id, List.of("alice"));
        });
  }

  @Test
  void expiryOnRedis_withoutAnIdKey_isADestroyedEvent_underTheKeysDigest() {
    // Redis holds no session ID in the clear: without an idKey to open the sealed one, the event
    // names the key's digest (22 characters, never a valid ID), and the context is still readable.
    expireOnRedis(
        false,
        (id, recorder) -> {
          List<HttpSessionDestroyedEvent> destroyed = recorder.of(HttpSessionDestroyedEvent.class);
          assertThat(destroyed).hasSize(1);
          String named = destroyed.get(0).getId();
          assertThat(named).hasSize(22).isNotEqualTo(id);
          assertThat(recorder.destroyedUsers).containsEntry(named, List.of("alice"));
        });
  }

  @Test
  void expiryOnPostgres_isADestroyedEvent_underTheSessionId() {
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    try (PostgresServer postgres = PostgresServer.start()) {
      Jdbc.server = postgres;
      try (ConfigurableApplicationContext context =
          start(
              List.of(SecuredApp.class, Events.class, Jdbc.class),
              "--sojourn.store.type=jdbc",
              // The store's own sweeper first runs one interval (a day) after it starts.
              "--sojourn.store.jdbc.sweep-interval=1d",
              "--sojourn.store.jdbc.create-schema=true",
              "--sojourn.store.jdbc.id-key=" + key)) {
        Recorder recorder = context.getBean(Recorder.class);
        Client client = signedIn(SecuredApp.port(context));
        String id = java.util.Objects.requireNonNull(client.sessionId);
        recorder.heard.clear();

        Events.CLOCK.advance(Duration.ofMinutes(11));
        PostgresStore store = (PostgresStore) context.getBean(SessionStore.class);
        assertThat(store.sweep()).isEqualTo(1);
        assertThat(recorder.of(HttpSessionDestroyedEvent.class))
            .extracting(HttpSessionDestroyedEvent::getId)
            .containsExactly(id);
        assertThat(recorder.destroyedUsers).containsEntry(id, List.of("alice"));
        assertThat(store.sweep()).as("reported once").isZero();
        assertThat(client.get("/me").body()).isEqualTo("anonymous");
      } finally {
        Jdbc.server = null;
      }
    }
  }
}
