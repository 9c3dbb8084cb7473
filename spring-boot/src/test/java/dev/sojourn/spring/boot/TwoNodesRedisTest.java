package dev.sojourn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.redis.RedisStore;
import dev.sojourn.store.SessionStore;
import dev.sojourn.testing.redis.RedisServer;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two application instances on one real Redis, each in its own embedded Tomcat: sessions, sign-in,
 * concurrent session control and logout hold across them; a Redis that is down answers 503.
 */
class TwoNodesRedisTest {
  private static final String ID_KEY = Base64.getEncoder().encodeToString(new byte[32]);

  private static String[] properties(RedisServer redis) {
    return new String[] {
      "--sojourn.store.type=redis",
      "--spring.data.redis.url=" + redis.uri(),
      "--sojourn.store.redis.id-key=" + ID_KEY,
      "--sojourn.store.redis.command-timeout=500ms",
      "--test.max-sessions=2"
    };
  }

  private static Client signedIn(int port) {
    Client client = new Client(port);
    String token = client.get("/page").body();
    HttpResponse<String> login =
        client.post("/login", Map.of("username", "alice", "password", "alice-pw", "_csrf", token));
    assertThat(login.statusCode()).isEqualTo(302);
    return client;
  }

  private static String id(Client client) {
    return Objects.requireNonNull(client.sessionId);
  }

  @Test
  void sessionsAndTheirLimitSpanBothNodes() {
    try (RedisServer redis = RedisServer.start(List.of());
        ConfigurableApplicationContext a = SecuredApp.start(properties(redis));
        ConfigurableApplicationContext b = SecuredApp.start(properties(redis))) {
      assertThat(a.getBean(SessionStore.class)).isInstanceOf(RedisStore.class);
      int portA = SecuredApp.port(a);
      int portB = SecuredApp.port(b);
      Client first = signedIn(portA);
      Client second = signedIn(portA);
      assertThat(new Client(portB).withSession(id(first)).get("/me").body()).isEqualTo("alice");

      Client third = signedIn(portB);
      assertThat(new Client(portA).withSession(id(first)).get("/me").body())
          .as("node B's sign-in revoked node A's oldest session")
          .isEqualTo("anonymous");
      assertThat(new Client(portA).withSession(id(second)).get("/me").body()).isEqualTo("alice");
      assertThat(new Client(portA).withSession(id(third)).get("/me").body()).isEqualTo("alice");

      String secondId = id(second);
      String token = second.get("/page").body();
      assertThat(second.post("/logout", Map.of("_csrf", token)).statusCode()).isEqualTo(302);
      assertThat(new Client(portB).withSession(secondId).get("/me").body())
          .as("logout on node A ends the session for node B")
          .isEqualTo("anonymous");
    }
  }

  @Test
  void aRedisThatIsDownAnswers503() {
    try (RedisServer redis = RedisServer.start(List.of());
        ConfigurableApplicationContext app = SecuredApp.start(properties(redis))) {
      int port = SecuredApp.port(app);
      Client client = signedIn(port);
      redis.kill();
      HttpResponse<String> down = client.get("/me");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("session store is unavailable");
    }
  }
}
