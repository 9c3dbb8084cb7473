package dev.sojourn.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.SessionManager;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code sojourn.max-sessions-policy=refuse}: with two sessions signed in, a third sign-in is
 * turned away with a 403 and the two keep working.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "sojourn.max-sessions-policy=refuse")
class RefusingThirdSignInTest {
  @LocalServerPort int port;
  @Autowired SessionManager sessions;

  @Test
  void aThirdSignIn_isRefused_andTheFirstTwoStay() {
    Client laptop = new Client(port);
    Client phone = new Client(port);
    laptop.signIn("alice", "wonderland");
    phone.signIn("alice", "wonderland");

    Client tablet = new Client(port);
    String token = Client.csrf(tablet.get("/login"));
    HttpResponse<String> refused =
        tablet.post(
            "/login", Map.of("username", "alice", "password", "wonderland", "_csrf", token));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("maximum number of sessions");
    assertThat(Client.toLogin(tablet.get("/"))).as("the tablet is not signed in").isTrue();
    assertThat(laptop.get("/").statusCode()).isEqualTo(200);
    assertThat(phone.get("/").statusCode()).isEqualTo(200);
    assertThat(sessions.sessionsOf("alice")).hasSize(2);
  }
}
