package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.MaxSessionsPolicy;
import dev.sojourn.SessionManager;
import dev.sojourn.store.memory.MemoryStore;
import dev.sojourn.testing.MutableClock;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A sign-in that {@code maxSessionsPerUser(1, REFUSE)} turns away, committed by the filter at the
 * end of the request, is a {@code 403} with a plain message, on each real container: not a 500, and
 * no cookie for a session that was not kept.
 */
class MaxSessionsPerUserFilterTest {
  private final MutableClock clock = MutableClock.start();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** {@code /app/login?user=U} signs the typed session in and writes a short body. */
  private static final class App extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      SessionFilter.session(request).login(request.getParameter("user"));
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().print("signed in");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void aRefusedSignIn_isA403_withoutACookie(Container container) throws Exception {
    try (SessionManager manager =
            SessionManager.builder()
                .store(MemoryStore.builder().clock(clock).backgroundSweeper(false).build())
                .clock(clock)
                .maxSessionsPerUser(1, MaxSessionsPolicy.REFUSE)
                .build();
        ServletContainer.Running server =
            container.start(
                new ServletContainer.Deployment(
                    List.of(
                        new ServletContainer.Mount(
                            "sessions", SessionFilter.of(manager), "/app/*")),
                    new App()))) {
      String origin = "http://127.0.0.1:" + server.port();

      HttpResponse<String> first = login(origin, "alice");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("signed in");
      assertThat(first.headers().firstValue("Set-Cookie")).isPresent();

      HttpResponse<String> second = login(origin, "alice");
      assertThat(second.statusCode()).isEqualTo(403);
      assertThat(second.body()).contains("maximum number of sessions").doesNotContain("alice");
      assertThat(second.headers().allValues("Set-Cookie"))
          .noneMatch(
              c -> c.startsWith(CookieSettings.DEFAULT_NAME + "=") && !c.contains("Max-Age=0"));

      assertThat(login(origin, "bob").statusCode())
          .as("another user still signs in")
          .isEqualTo(200);
    }
  }

  private HttpResponse<String> login(String origin, String user)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(origin + "/app/login?user=" + user))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
