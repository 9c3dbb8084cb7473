package dev.sojourn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.SessionManager;
import dev.sojourn.spring.security.UserIndexSessionRegistry;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.session.SessionRegistry;

/** {@code maximumSessions(2)} on the user index, in embedded Tomcat. */
class ConcurrentSessionControlTest {
  private static Client signedIn(int port) {
    Client client = new Client(port);
    String token = client.get("/page").body();
    HttpResponse<String> login =
        client.post("/login", Map.of("username", "alice", "password", "alice-pw", "_csrf", token));
    assertThat(login.statusCode()).isEqualTo(302);
    return client;
  }

  @Test
  void aThirdSignInEndsTheLeastRecentlyUsedSession() {
    try (ConfigurableApplicationContext context = SecuredApp.start("--test.max-sessions=2")) {
      int port = SecuredApp.port(context);
      assertThat(context.getBean(SessionRegistry.class))
          .isInstanceOf(UserIndexSessionRegistry.class);
      Client first = signedIn(port);
      Client second = signedIn(port);
      assertThat(first.get("/me").body()).isEqualTo("alice");
      assertThat(second.get("/me").body()).isEqualTo("alice");
      Client third = signedIn(port);
      assertThat(third.get("/me").body()).isEqualTo("alice");
      assertThat(first.get("/me").body()).as("the oldest was revoked").isEqualTo("anonymous");
      assertThat(second.get("/me").body()).isEqualTo("alice");
      assertThat(context.getBean(SessionManager.class).sessionsOf("alice")).hasSize(2);
    }
  }

  @Test
  void refusingModeTurnsAThirdSignInAway() {
    try (ConfigurableApplicationContext context =
        SecuredApp.start("--test.max-sessions=2", "--test.prevent-login=true")) {
      int port = SecuredApp.port(context);
      Client first = signedIn(port);
      Client second = signedIn(port);
      Client third = new Client(port);
      String token = third.get("/page").body();
      HttpResponse<String> refused =
          third.post("/login", Map.of("username", "alice", "password", "alice-pw", "_csrf", token));
      assertThat(refused.headers().firstValue("Location"))
          .hasValueSatisfying(l -> assertThat(l).contains("/login?error"));
      assertThat(third.get("/me").body()).isEqualTo("anonymous");
      assertThat(first.get("/me").body()).isEqualTo("alice");
      assertThat(second.get("/me").body()).isEqualTo("alice");
      assertThat(context.getBean(SessionManager.class).sessionsOf("alice")).hasSize(2);
    }
  }
}
