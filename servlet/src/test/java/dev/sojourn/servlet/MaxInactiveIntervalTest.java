package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.SessionManager;
import dev.sojourn.store.memory.MemoryStore;
import dev.sojourn.testing.MutableClock;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link HttpSession#setMaxInactiveInterval} sets the session's own idle timeout, on each real
 * container, against a fake clock: the manager's default is 30 minutes.
 */
class MaxInactiveIntervalTest {
  private static final Pattern COOKIE =
      Pattern.compile("^" + CookieSettings.DEFAULT_NAME + "=([^;]+);.*$");

  private final MutableClock clock = MutableClock.start();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** {@code /app/set?seconds=N} stores an attribute and sets the interval; both print it. */
  private static final class App extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("text/plain;charset=UTF-8");
      if (request.getRequestURI().endsWith("/set")) {
        HttpSession session = request.getSession();
        int before = session.getMaxInactiveInterval();
        session.setAttribute("a", "1");
        session.setMaxInactiveInterval(Integer.parseInt(request.getParameter("seconds")));
        response.getWriter().print(before + "->" + session.getMaxInactiveInterval());
      } else {
        HttpSession session = request.getSession(false);
        response
            .getWriter()
            .print(session == null ? "no session" : "" + session.getMaxInactiveInterval());
      }
    }
  }

  private interface Scenario {
    void run(String origin) throws Exception;
  }

  private void onContainer(Container container, Scenario scenario) throws Exception {
    try (SessionManager manager =
            SessionManager.builder()
                .store(MemoryStore.builder().clock(clock).backgroundSweeper(false).build())
                .clock(clock)
                .idleTimeout(Duration.ofMinutes(30))
                .absoluteTimeout(Duration.ofHours(12))
                .build();
        ServletContainer.Running server =
            container.start(
                new ServletContainer.Deployment(
                    List.of(
                        new ServletContainer.Mount(
                            "sessions", SessionFilter.of(manager), "/app/*")),
                    new App()))) {
      scenario.run("http://127.0.0.1:" + server.port());
    }
  }

  private HttpResponse<String> get(String url, @Nullable String id)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (id != null) {
      request.header("Cookie", CookieSettings.DEFAULT_NAME + "=" + id);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Starts a session with {@code setMaxInactiveInterval(seconds)}; returns its ID. */
  private String started(String origin, int seconds, String expectedBody) throws Exception {
    HttpResponse<String> response = get(origin + "/app/set?seconds=" + seconds, null);
    assertThat(response.body()).isEqualTo(expectedBody);
    String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    Matcher m = COOKIE.matcher(cookie);
    assertThat(m.matches()).as(cookie).isTrue();
    return m.group(1);
  }

  private String read(String origin, String id) throws Exception {
    return get(origin + "/app/get", id).body();
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void sixtySeconds_endTheSession_after60sIdle_thoughTheDefaultIs30Minutes(Container container)
      throws Exception {
    onContainer(
        container,
        origin -> {
          String id = started(origin, 60, "1800->60");
          clock.advance(Duration.ofSeconds(60));
          assertThat(read(origin, id)).isEqualTo("no session");
        });
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void sixtySeconds_areServedUpTo59s_andKeptAcrossRequests(Container container) throws Exception {
    onContainer(
        container,
        origin -> {
          String id = started(origin, 60, "1800->60");
          clock.advance(Duration.ofSeconds(59));
          assertThat(read(origin, id)).isEqualTo("60");
        });
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void aLargerValue_survives61s_andOutlivesTheDefault(Container container) throws Exception {
    onContainer(
        container,
        origin -> {
          String id = started(origin, 7200, "1800->7200");
          clock.advance(Duration.ofSeconds(61));
          assertThat(read(origin, id)).isEqualTo("7200");
          clock.advance(Duration.ofMinutes(31));
          assertThat(read(origin, id)).isEqualTo("7200");
          clock.advance(Duration.ofHours(2));
          assertThat(read(origin, id)).isEqualTo("no session");
        });
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void zeroOrNegative_neverTimesOut_butTheAbsoluteTimeoutStillEndsTheSession(Container container)
      throws Exception {
    onContainer(
        container,
        origin -> {
          String id = started(origin, 0, "1800->-1");
          clock.advance(Duration.ofHours(11));
          assertThat(read(origin, id)).isEqualTo("-1");
          clock.advance(Duration.ofHours(1));
          assertThat(read(origin, id)).isEqualTo("no session");
          assertThat(read(origin, started(origin, -5, "1800->-1"))).isEqualTo("-1");
        });
  }
}
