package dev.sojourn.servlet;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Objects;

/**
 * The application the suites drive: each path's last segment is an action on the session, written
 * against the plain servlet API where it can be (the drop-in case) and the typed API elsewhere.
 */
final class TestApp extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient SessionManager manager;

  TestApp(SessionManager manager) {
    this.manager = manager;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String uri = request.getRequestURI();
    String action = uri.substring(uri.lastIndexOf('/') + 1);
    String name = Objects.requireNonNullElse(request.getParameter("name"), "a");
    String value = Objects.requireNonNullElse(request.getParameter("value"), "1");
    response.setContentType("text/plain;charset=UTF-8");
    switch (action) {
      case "put" -> {
        request.getSession().setAttribute(name, value);
        response.getWriter().print("ok");
      }
      case "get" -> {
        HttpSession session = request.getSession(false);
        Object v = session == null ? null : session.getAttribute(name);
        response.getWriter().print(session == null ? "no session" : String.valueOf(v));
      }
      case "names" -> {
        HttpSession session = request.getSession(false);
        response
            .getWriter()
            .print(
                session == null
                    ? "no session"
                    : String.join(",", Collections.list(session.getAttributeNames())));
      }
      case "login" -> {
        SessionFilter.session(request).login(Objects.requireNonNull(request.getParameter("user")));
        response.getWriter().print("signed in");
      }
      case "whoami" -> {
        Session session = SessionFilter.existingSession(request);
        response
            .getWriter()
            .print(session == null ? "no session" : Objects.toString(session.user(), "anonymous"));
      }
      case "logout" -> {
        HttpSession session = request.getSession(false);
        if (session != null) {
          session.invalidate();
        }
        response.getWriter().print("signed out");
      }
      case "invalidate-and-restart" -> {
        request.getSession().invalidate();
        request.getSession().setAttribute(name, value);
        response.getWriter().print("restarted");
      }
      case "rotate" -> response.getWriter().print(request.changeSessionId().length());
      case "token" -> response.getWriter().print(CsrfFilter.token(request));
      case "raw-token" -> response.getWriter().print(SessionFilter.session(request).csrfToken());
      case "encode" -> response.getWriter().print(response.encodeURL("/x?y=1"));
      case "redirect" -> {
        request.getSession().setAttribute(name, value);
        response.sendRedirect("/app/get?name=" + name);
      }
      case "flush-buffer" -> {
        request.getSession().setAttribute(name, value);
        response.getWriter().print("flushed");
        response.flushBuffer();
      }
      case "flush-writer" -> {
        request.getSession().setAttribute(name, value);
        PrintWriter writer = response.getWriter();
        writer.print("flushed");
        writer.flush();
      }
      case "flush-stream" -> {
        request.getSession().setAttribute(name, value);
        response.getOutputStream().write("flushed".getBytes(StandardCharsets.UTF_8));
        response.getOutputStream().flush();
      }
      case "big-body" -> {
        request.getSession().setAttribute(name, value);
        response.getWriter().print("x".repeat(response.getBufferSize() * 4));
      }
      case "content-length" -> {
        request.getSession().setAttribute(name, value);
        byte[] body = "exactly".getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
      }
      case "revoked-meanwhile" -> {
        Session session = SessionFilter.session(request);
        session.put(name, value);
        manager.destroy(session.id());
        response.getWriter().print("revoked");
      }
      case "send-error" -> {
        request.getSession().setAttribute(name, value);
        response.sendError(409, "conflict on purpose");
      }
      case "bad-value" ->
          misuse(response, () -> request.getSession().setAttribute(name, new Object()));
      case "set-max-inactive" ->
          misuse(response, () -> request.getSession().setMaxInactiveInterval(5));
      case "rotate-without-session" -> misuse(response, request::changeSessionId);
      case "use-after-invalidate" ->
          misuse(
              response,
              () -> {
                HttpSession session = request.getSession();
                session.invalidate();
                session.getAttribute(name);
              });
      case "requested" ->
          response
              .getWriter()
              .print(
                  (request.getRequestedSessionId() != null)
                      + ","
                      + request.isRequestedSessionIdValid()
                      + ","
                      + request.isRequestedSessionIdFromCookie()
                      + ","
                      + request.isRequestedSessionIdFromURL());
      case "echo" -> response.getWriter().print("passed " + request.getMethod());
      case "remove" -> {
        request.getSession().removeAttribute(name);
        response.getWriter().print("removed");
      }
      case "put-and-remove" -> {
        request.getSession().setAttribute(name, value);
        request.getSession().removeAttribute(name);
        response.getWriter().print("nothing left");
      }
      case "typed-logout" -> {
        Objects.requireNonNull(SessionFilter.existingSession(request)).logout();
        response.getWriter().print("signed out");
      }
      case "bind" -> {
        request.getSession().setAttribute(name, new Bound(value));
        response.getWriter().print("bound");
      }
      case "empty" ->
          response.getWriter().print(request.getSession().getAttributeNames().hasMoreElements());
      case "utf16" -> {
        response.setContentType("text/plain;charset=UTF-16");
        request.getSession().setAttribute(name, value);
        PrintWriter writer = response.getWriter();
        for (int i = 0; i < 200; i++) {
          writer.print("y".repeat(100));
        }
      }
      case "create-after-commit" -> {
        response.getWriter().print("committed;");
        response.flushBuffer();
        misuse(response, () -> request.getSession().setAttribute(name, value));
      }
      case "create-after-commit-typed" -> {
        response.getWriter().print("committed;");
        response.flushBuffer();
        misuse(response, () -> SessionFilter.session(request).put(name, value));
      }
      case "async-complete", "async-dispatch", "async-race", "async-timeout" ->
          AsyncActions.start(action, request, name, value);
      case "async-dispatched" -> {
        HttpSession session = request.getSession(false);
        response
            .getWriter()
            .print(
                request.getDispatcherType()
                    + " "
                    + (session == null ? "no session" : session.getAttribute(name)));
      }
      default -> response.sendError(404, "no action " + action);
    }
  }

  /** Runs {@code call}, which must throw, and writes the exception's type and message. */
  private static void misuse(HttpServletResponse response, Runnable call) throws IOException {
    try {
      call.run();
      response.getWriter().print("no exception");
    } catch (RuntimeException e) {
      response.getWriter().print(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
