package dev.sojourn.servlet;

import dev.sojourn.Session;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * The request as the application sees it behind {@link SessionFilter}: Sojourn sessions, and an
 * async context that commits the session before the async cycle ends. Its session methods may be
 * called from any thread (an async request's worker included).
 */
final class SessionRequest extends HttpServletRequestWrapper {
  private final RequestSession sessions;
  private final SessionResponse response;
  private volatile @Nullable SessionAsyncContext async;

  SessionRequest(HttpServletRequest request, RequestSession sessions, SessionResponse response) {
    super(request);
    this.sessions = sessions;
    this.response = response;
  }

  /**
   * Returns the session, starting one if {@code create} and there is none.
   *
   * @throws IllegalStateException if a session would have to be started but the response is already
   *     committed, as the Servlet specification says and Tomcat does (Jetty returns a session whose
   *     cookie can never reach the client; we refuse rather than store it)
   */
  @Override
  public @Nullable HttpSession getSession(boolean create) {
    Session session = create ? sessions.getOrCreate() : sessions.existing();
    return session == null ? null : sessions.view(session);
  }

  /**
   * Returns the session, starting one if there is none.
   *
   * @throws IllegalStateException if there is none and the response is already committed
   */
  @Override
  public HttpSession getSession() {
    return sessions.view(sessions.getOrCreate());
  }

  /**
   * Renews the session's ID (and its CSRF token); the old ID is dead once the request commits.
   * {@code HttpSessionIdListener}s hear of it at once.
   *
   * @throws IllegalStateException if the request has no session
   */
  @Override
  public String changeSessionId() {
    synchronized (sessions) {
      Session session = sessions.existing();
      if (session == null) {
        throw new IllegalStateException("changeSessionId: this request has no session");
      }
      String oldId = session.id();
      session.rotate();
      sessions.afterIdChange(sessions.view(session), oldId);
      return session.id();
    }
  }

  /**
   * Starts async with the container; the context returned commits the session on {@code complete()}
   * and {@code dispatch()}, and hands out this request and the filter's response.
   */
  @Override
  public AsyncContext startAsync() {
    return wrap(super.startAsync());
  }

  /** Like {@link #startAsync()}, with the caller's request and response. */
  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    return wrap(super.startAsync(request, response));
  }

  @Override
  public AsyncContext getAsyncContext() {
    AsyncContext context = super.getAsyncContext();
    SessionAsyncContext ours = async;
    return ours != null && ours.delegate() == context ? ours : context;
  }

  private AsyncContext wrap(AsyncContext context) {
    SessionAsyncContext ours = new SessionAsyncContext(context, sessions, this, response);
    async = ours;
    return ours;
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
