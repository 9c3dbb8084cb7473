package dev.sojourn.demo;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.servlet.CsrfFilter;
import dev.sojourn.servlet.SessionFilter;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.VersionConflictException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The HTML pages: {@code GET /}, {@code POST /login}, {@code POST /logout}, {@code GET /sessions}
 * and {@code POST /sessions/revoke-others}. Every form carries the CSRF token; {@link CsrfFilter}
 * checks it. The sessions page lists and revokes through the store's user index ({@link
 * SessionManager#sessionsOf}, {@link SessionManager#revokeOthers}).
 *
 * <p>An anonymous page view stores nothing: the home page counts visits only in a session that
 * exists (signed in, or started by {@code POST /api/counter}), and its sign-in form carries the
 * stateless pre-session token of {@link CsrfFilter#token}. A session that ends while a page is made
 * (a logout or a revoke in another tab) makes the page show the visitor signed out.
 */
final class PagesServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final transient SessionManager manager;

  PagesServlet(SessionManager manager) {
    this.manager = manager;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    switch (request.getRequestURI()) {
      case "/" -> home(request, response, 200, "", true);
      case "/sessions" -> sessions(request, response);
      default -> page(response, 404, "Not found", "<p>There is no page here.</p>");
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    switch (request.getRequestURI()) {
      case "/login" -> login(request, response);
      case "/logout" -> {
        Session session = SessionFilter.existingSession(request);
        if (session != null) {
          session.logout();
        }
        // Browsers also drop this origin's cache and storage (secure contexts only).
        response.setHeader("Clear-Site-Data", "\"cache\", \"cookies\", \"storage\"");
        seeOther(response, "/");
      }
      case "/sessions/revoke-others" -> {
        Session session = SessionFilter.existingSession(request);
        String user = session == null ? null : session.user();
        if (session == null || user == null) {
          seeOther(response, "/");
          return;
        }
        manager.revokeOthers(user, session.id());
        seeOther(response, "/sessions");
      }
      default -> page(response, 404, "Not found", "<p>There is no page here.</p>");
    }
  }

  private void home(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String note,
      boolean countVisit)
      throws IOException {
    // A visitor who only looks costs nothing: no session is started for a page view.
    Session session = SessionFilter.existingSession(request);
    long visits = 0;
    if (session != null) {
      try {
        visits = countVisit ? Counter.increment(manager, session) : Counter.value(session);
      } catch (SessionNotFoundException ended) {
        // Signed out or revoked while this page was being made: show it signed out.
        session.invalidate();
        session = null;
      } catch (VersionConflictException busy) {
        visits = Counter.value(session);
      }
    }
    String token = CsrfFilter.token(request);
    String user = session == null ? null : session.user();
    StringBuilder body = new StringBuilder("<h1>Sojourn demo</h1>\n").append(note);
    if (user == null) {
      body.append("<p>Signed in: <strong id=\"user\">nobody</strong></p>\n");
    } else {
      body.append("<p>Signed in: <strong id=\"user\">")
          .append(Html.escape(user))
          .append("</strong></p>\n");
    }
    body.append("<p>Visits in this session: <strong id=\"counter\">")
        .append(visits)
        .append("</strong></p>\n");
    if (user == null) {
      body.append("<form id=\"login-form\" method=\"post\" action=\"/login\">")
          .append(Html.csrfField(token))
          .append("<p><label>User <input name=\"username\" autocomplete=\"username\"></label></p>")
          .append("<p><label>Password <input name=\"password\" type=\"password\"")
          .append(" autocomplete=\"current-password\"></label></p>")
          .append("<p><button id=\"login\" type=\"submit\">Sign in</button></p></form>\n")
          .append("<p>Demo users: alice / wonderland, bob / builder.</p>");
    } else {
      body.append("<form id=\"logout-form\" method=\"post\" action=\"/logout\">")
          .append(Html.csrfField(token))
          .append("<button id=\"logout\" type=\"submit\">Sign out</button></form>\n")
          .append("<p><a id=\"sessions-link\" href=\"/sessions\">Your sessions</a></p>");
    }
    page(response, status, "Home", body.toString());
  }

  private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String user = request.getParameter("username");
    if (!Users.check(user, request.getParameter("password")) || user == null) {
      home(
          request,
          response,
          401,
          "<p class=\"error\" id=\"error\">Wrong user or password.</p>\n",
          false);
      return;
    }
    Session session = SessionFilter.session(request);
    if (session.isAuthenticated()) {
      // Switching users: a new ID and CSRF token, as for a first sign-in.
      session.rotate();
    }
    session.login(user);
    seeOther(response, "/");
  }

  private void sessions(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Session session = SessionFilter.existingSession(request);
    String user = session == null ? null : session.user();
    if (session == null || user == null) {
      page(response, 401, "Sessions", "<p id=\"error\">Sign in to see your sessions.</p>");
      return;
    }
    String token = CsrfFilter.token(request);
    List<Snapshot> entries = new ArrayList<>(manager.sessionsOf(user));
    entries.sort(Comparator.comparingLong(Snapshot::createdAtMillis));
    StringBuilder body =
        new StringBuilder("<h1>Sessions of ")
            .append(Html.escape(user))
            .append("</h1>\n<table><tr><th>Created</th><th>Last seen</th><th></th></tr>\n");
    for (Snapshot entry : entries) {
      boolean current = entry.id().equals(session.id());
      body.append("<tr class=\"session")
          .append(current ? " current" : "")
          .append("\"><td>")
          .append(time(entry.createdAt()))
          .append("</td><td>")
          .append(time(entry.lastAccessedAt()))
          .append("</td><td>")
          .append(current ? "this session" : "")
          .append("</td></tr>\n");
    }
    body.append("</table>\n<p id=\"session-count\">")
        .append(entries.size())
        .append(entries.size() == 1 ? " session" : " sessions")
        .append("</p>\n<form method=\"post\" action=\"/sessions/revoke-others\">")
        .append(Html.csrfField(token))
        .append("<button id=\"revoke-others\" type=\"submit\">Sign out all other sessions</button>")
        .append("</form>\n");
    page(response, 200, "Sessions", body.toString());
  }

  private static String time(Instant instant) {
    return TIME.format(instant);
  }

  private static void seeOther(HttpServletResponse response, String location) {
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", location);
  }

  private static void page(HttpServletResponse response, int status, String title, String body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(Html.page(title, body));
  }
}
