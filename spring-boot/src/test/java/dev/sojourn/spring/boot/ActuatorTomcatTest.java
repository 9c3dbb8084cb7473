package dev.sojourn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code sessions} endpoint and the {@code sojourn} health indicator in a real embedded Tomcat
 * started by Spring Boot with Actuator and Spring Security, through a real HTTP client.
 */
class ActuatorTomcatTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void sessionsEndpoint_whenExposed_listsAndEndsAUsersSessions_forAnAdminOnly() {
    try (ConfigurableApplicationContext context =
        ActuatorApp.start("--management.endpoints.web.exposure.include=health,sessions")) {
      int port = SecuredApp.port(context);
      Client phone = new Client(port);
      SpringSecurityTomcatTest.signIn(phone, "alice", "alice-pw");
      Client laptop = new Client(port);
      SpringSecurityTomcatTest.signIn(laptop, "alice", "alice-pw");
      String phoneId = Objects.requireNonNull(phone.sessionId);
      String laptopId = Objects.requireNonNull(laptop.sessionId);

      assertThat(send(port, "GET", "/actuator/sessions?username=alice", null).statusCode())
          .isEqualTo(401);
      assertThat(
              send(port, "GET", "/actuator/sessions?username=alice", "alice:alice-pw").statusCode())
          .isEqualTo(403);
      HttpResponse<String> list =
          send(port, "GET", "/actuator/sessions?username=alice", "ops:ops-pw");
      assertThat(list.statusCode()).isEqualTo(200);
      String phoneReference = SojournSessionsEndpoint.reference(phoneId);
      assertThat(list.body())
          .contains("\"reference\":\"" + phoneReference + "\"")
          .contains("\"reference\":\"" + SojournSessionsEndpoint.reference(laptopId) + "\"")
          .contains("\"createdAt\"", "\"lastAccessedAt\"", "\"authenticatedAt\"", "\"expiresAt\"")
          .doesNotContain(phoneId, laptopId);

      HttpResponse<String> ended =
          send(
              port,
              "DELETE",
              "/actuator/sessions/" + phoneReference + "?username=alice",
              "ops:ops-pw");
      assertThat(ended.statusCode()).isEqualTo(200);
      assertThat(ended.body()).isEqualTo("{\"ended\":1}");
      assertThat(phone.get("/me").body()).isEqualTo("anonymous");
      assertThat(laptop.get("/me").body()).isEqualTo("alice");

      HttpResponse<String> all =
          send(port, "DELETE", "/actuator/sessions?username=alice", "ops:ops-pw");
      assertThat(all.body()).isEqualTo("{\"ended\":1}");
      assertThat(laptop.get("/me").body()).isEqualTo("anonymous");
      assertThat(send(port, "GET", "/actuator/sessions", "ops:ops-pw").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void sessionsEndpoint_isNotExposedByDefault_andHealthShowsTheStore() {
    try (ConfigurableApplicationContext context = ActuatorApp.start()) {
      int port = SecuredApp.port(context);
      assertThat(send(port, "GET", "/actuator/sessions?username=alice", "ops:ops-pw").statusCode())
          .isEqualTo(404);
      HttpResponse<String> health = send(port, "GET", "/actuator/health", null);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body())
          .contains("\"sojourn\":{\"details\":{\"store\":\"MemoryStore\"},\"status\":\"UP\"}");
    }
  }

  private static HttpResponse<String> send(
      int port, String method, String path, @Nullable String basic) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (basic != null) {
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
