package dev.sojourn.servlet;

import dev.sojourn.Session;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/** The request as the application sees it behind {@link SessionFilter}: Sojourn sessions. */
final class SessionRequest extends HttpServletRequestWrapper {
  private final RequestSession sessions;

  SessionRequest(HttpServletRequest request, RequestSession sessions) {
    super(request);
    this.sessions = sessions;
  }

  @Override
  public @Nullable HttpSession getSession(boolean create) {
    Session session = create ? sessions.getOrCreate() : sessions.existing();
    return session == null ? null : sessions.view(session);
  }

  @Override
  public HttpSession getSession() {
    return sessions.view(sessions.getOrCreate());
  }

  /**
   * Renews the session's ID (and its CSRF token); the old ID is dead once the request commits.
   *
   * @throws IllegalStateException if the request has no session
   */
  @Override
  public String changeSessionId() {
    Session session = sessions.existing();
    if (session == null) {
      throw new IllegalStateException("changeSessionId: this request has no session");
    }
    session.rotate();
    return session.id();
  }

  @Override
  public @Nullable String getRequestedSessionId() {
    return sessions.requestedId();
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    return sessions.requestedId() != null && sessions.requestedIdValid();
  }

  @Override
  public boolean isRequestedSessionIdFromCookie() {
    return sessions.transport().isCookie() && sessions.requestedId() != null;
  }

  /** Always false: Sojourn never puts the session ID in a URL. */
  @Override
  public boolean isRequestedSessionIdFromURL() {
    return false;
  }
}
