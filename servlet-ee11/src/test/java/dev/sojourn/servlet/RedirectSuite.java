package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.SessionManager;
import dev.sojourn.store.memory.MemoryStore;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Servlet 6.1's {@code sendRedirect(String, int)}, {@code sendRedirect(String, boolean)} and {@code
 * sendRedirect(String, int, boolean)} commit the session before the response, like {@code
 * sendRedirect(String)}: the redirect carries the new session's cookie.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedirectSuite {
  private static final Pattern COOKIE =
      Pattern.compile("^" + CookieSettings.DEFAULT_NAME + "=([^;]+);.*$");

  private final HttpClient http = HttpClient.newHttpClient();
  private SessionManager manager;
  private ServletContainer.Running server;

  abstract ServletContainer container();

  @BeforeAll
  void start() throws Exception {
    manager =
        SessionManager.builder()
            .store(MemoryStore.builder().backgroundSweeper(false).build())
            .build();
    server =
        container()
            .start(
                new ServletContainer.Deployment(
                    List.of(
                        new ServletContainer.Mount("sessions", SessionFilter.of(manager), "/*")),
                    new RedirectingServlet()));
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    manager.close();
  }

  @ParameterizedTest
  @CsvSource({"status, 303", "clear-buffer, 302", "status-clear-buffer, 307"})
  void servlet61Redirects_carryTheSessionCookie(String form, int status) throws Exception {
    HttpResponse<String> redirect = get("/" + form, null);

    assertThat(redirect.statusCode()).isEqualTo(status);
    assertThat(redirect.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/get"));
    String cookie =
        redirect.headers().allValues("Set-Cookie").stream()
            .filter(v -> v.startsWith(CookieSettings.DEFAULT_NAME + "="))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no session cookie on the " + form + " redirect"));
    Matcher m = COOKIE.matcher(cookie);
    assertThat(m.matches()).as(cookie).isTrue();
    assertThat(get("/get", m.group(1)).body()).isEqualTo(form);
  }

  private HttpResponse<String> get(String path, @Nullable String sessionId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10));
    if (sessionId != null) {
      request.header("Cookie", CookieSettings.DEFAULT_NAME + "=" + sessionId);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Stores the form's name in the session, then redirects with that Servlet 6.1 form. */
  private static final class RedirectingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String form = request.getRequestURI().substring(1);
      if (form.equals("get")) {
        HttpSession session = request.getSession(false);
        response.getWriter().print(session == null ? "no session" : session.getAttribute("form"));
        return;
      }
      request.getSession().setAttribute("form", form);
      response.getWriter().print("buffered body");
      switch (form) {
        case "status" -> response.sendRedirect("/get", 303);
        case "clear-buffer" -> response.sendRedirect("/get", true);
        case "status-clear-buffer" -> response.sendRedirect("/get", 307, true);
        default -> response.sendError(404);
      }
    }
  }
}
