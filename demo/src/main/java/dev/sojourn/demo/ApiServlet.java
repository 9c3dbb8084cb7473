package dev.sojourn.demo;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.servlet.CsrfFilter;
import dev.sojourn.servlet.SessionFilter;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.VersionConflictException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /api/session} and {@code POST /api/counter}: JSON for scripts and tests. */
final class ApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient SessionManager manager;

  ApiServlet(SessionManager manager) {
    this.manager = manager;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"/session".equals(request.getPathInfo())) {
      json(response, 404, "{\"error\": \"no such resource\"}");
      return;
    }
    Session session = SessionFilter.existingSession(request);
    String token = CsrfFilter.token(request);
    json(
        response,
        200,
        "{\"user\": "
            + Html.json(session == null ? null : session.user())
            + ", \"counter\": "
            + (session == null ? 0 : Counter.value(session))
            + ", \"csrf\": "
            + Html.json(token)
            + "}");
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"/counter".equals(request.getPathInfo())) {
      json(response, 404, "{\"error\": \"no such resource\"}");
      return;
    }
    // The CSRF filter let the request through: the session's token or, for a visitor without a
    // session, the pre-session token; the counter then starts the session.
    Session session = SessionFilter.session(request);
    try {
      long counter = Counter.increment(manager, session);
      json(response, 200, "{\"counter\": " + counter + "}");
    } catch (SessionNotFoundException e) {
      json(response, 409, "{\"error\": \"the session ended meanwhile; reload\"}");
    } catch (VersionConflictException e) {
      json(response, 503, "{\"error\": \"too many concurrent updates; retry\"}");
    }
  }

  private static void json(HttpServletResponse response, int status, String body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(body);
  }
}
