package dev.sojourn.servlet;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.store.SessionLimitException;
import dev.sojourn.store.StoreException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Gives every request a Sojourn session: {@code request.getSession()} returns an {@code
 * HttpSession} backed by the {@link SessionManager} (a drop-in for existing applications), and
 * {@link #session} / {@link #existingSession} return the typed {@link Session}.
 *
 * <p><b>Lifecycle.</b> The session is opened lazily, on the first call that needs it. It is
 * committed before the response is committed (before {@code sendRedirect}, {@code sendError},
 * {@code flushBuffer}, a flush or close of the writer or stream, the body outgrowing the buffer or
 * reaching its declared length) and again when the chain returns, so the ID the client holds is
 * always the stored one. Changes made after the response was committed are still stored, but a new
 * ID can no longer reach the client (logged as a warning). {@code changeSessionId()} rotates the ID
 * and the CSRF token; {@code invalidate()} drops the session and clears the cookie ({@code
 * Max-Age=0}). Every response that sets or clears the ID carries {@code Cache-Control: no-store}.
 *
 * <p><b>The ID</b> travels in a cookie ({@link CookieSettings#defaults() secure defaults}) or, for
 * APIs, in a header; never in a URL ({@code encodeURL} returns its argument). A value that is not a
 * well-formed Sojourn ID (32 base58 characters) never reaches the store, and the client is told to
 * forget it.
 *
 * <p><b>Failures.</b> A store that cannot answer ({@link StoreException}) or is full ({@link
 * SessionLimitException}) turns the response into a {@code 503} with a plain-text message, if it is
 * not committed yet; Sojourn fails closed. A session that ended while the request ran (revoked,
 * expired) makes the commit clear the cookie; it is not an error.
 *
 * <p>If the filter chain throws (other than for the store), the session is not committed at the
 * end: a request that failed changes nothing it had not already committed before the response.
 *
 * <p>Asynchronous requests are committed when the filter chain returns, not when the async cycle
 * completes. Thread-safe: one filter serves all requests.
 */
public final class SessionFilter implements Filter {
  private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());

  private final SessionManager manager;
  private final IdTransport transport;

  private SessionFilter(Builder builder) {
    this.manager = builder.manager;
    IdTransport t = builder.transport;
    this.transport = t != null ? t : IdTransport.cookie(CookieSettings.defaults());
  }

  /** Returns a builder for a filter over {@code manager}. */
  public static Builder builder(SessionManager manager) {
    return new Builder(Objects.requireNonNull(manager, "manager"));
  }

  /** Returns a filter over {@code manager} with the default cookie settings. */
  public static SessionFilter of(SessionManager manager) {
    return builder(manager).build();
  }

  /** The manager this filter opens sessions with. */
  public SessionManager manager() {
    return manager;
  }

  /**
   * Returns the request's session, starting one if there is none (it is stored only once it holds a
   * user or an attribute).
   *
   * @throws IllegalStateException if no {@link SessionFilter} handled this request
   * @throws StoreException if the store cannot answer
   */
  public static Session session(HttpServletRequest request) {
    return requestSession(request).getOrCreate();
  }

  /**
   * Returns the request's session, or null if the client has none (absent, unknown, expired or
   * ended in this request).
   *
   * @throws IllegalStateException if no {@link SessionFilter} handled this request
   * @throws StoreException if the store cannot answer
   */
  public static @Nullable Session existingSession(HttpServletRequest request) {
    return requestSession(request).existing();
  }

  static RequestSession requestSession(HttpServletRequest request) {
    Object state = request.getAttribute(RequestSession.ATTRIBUTE);
    if (!(state instanceof RequestSession)) {
      throw new IllegalStateException(
          "no SessionFilter handled this request: map SessionFilter before anything that uses"
              + " the session (request "
              + request.getRequestURI()
              + ")");
    }
    return (RequestSession) state;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    RequestSession sessions =
        request.getAttribute(RequestSession.ATTRIBUTE) instanceof RequestSession existing
            ? existing
            : new RequestSession(
                manager, transport, transport.read(request), response, request.getServletContext());
    request.setAttribute(RequestSession.ATTRIBUTE, sessions);
    SessionResponse wrappedResponse = new SessionResponse(response, sessions);
    try {
      chain.doFilter(new SessionRequest(request, sessions), wrappedResponse);
      sessions.commit();
    } catch (RuntimeException | IOException | ServletException e) {
      if (!unavailable(e, response)) {
        throw e;
      }
    }
  }

  /** Answers 503 if {@code failure} comes from the store; tells whether it did. */
  private static boolean unavailable(Throwable failure, HttpServletResponse response)
      throws IOException {
    String message = null;
    for (Throwable t = failure; t != null && message == null; t = t.getCause()) {
      if (t instanceof SessionLimitException) {
        message = "the session store is full; try again later";
      } else if (t instanceof StoreException) {
        message = "the session store is unavailable; try again later";
      }
    }
    if (message == null) {
      return false;
    }
    LOG.log(Level.WARNING, "answering 503: " + message, failure);
    if (response.isCommitted()) {
      return false;
    }
    response.reset();
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    response.setContentType("text/plain;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Retry-After", "5");
    String body = "503 Service Unavailable: " + message + "\n";
    try {
      response.getWriter().write(body);
    } catch (IllegalStateException usedStream) {
      response.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return true;
  }

  /**
   * Builds a {@link SessionFilter}. The ID travels in a cookie with {@link
   * CookieSettings#defaults()} unless {@link #cookie} or {@link #header} says otherwise; the two
   * are exclusive. Not thread-safe.
   */
  public static final class Builder {
    private final SessionManager manager;
    private @Nullable IdTransport transport;

    private Builder(SessionManager manager) {
      this.manager = manager;
    }

    /**
     * Sends the ID in a cookie with these settings.
     *
     * @throws IllegalStateException if the transport was already chosen
     */
    public Builder cookie(CookieSettings settings) {
      choose(IdTransport.cookie(Objects.requireNonNull(settings, "settings")));
      return this;
    }

    /**
     * Sends the ID in a header instead of a cookie, for API clients: the request names its session
     * in the header, and a response that starts or rotates the session carries the new ID in the
     * same header (an empty value when the session ended). Not for browsers: a header is not sent
     * by links and forms, and scripts can read it.
     *
     * @throws IllegalArgumentException if {@code name} is empty or not an HTTP token
     * @throws IllegalStateException if the transport was already chosen
     */
    public Builder header(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()
          || !name.chars()
              .allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
        throw new IllegalArgumentException("header name must be an HTTP token, was '" + name + "'");
      }
      choose(IdTransport.header(name));
      return this;
    }

    private void choose(IdTransport chosen) {
      if (transport != null) {
        throw new IllegalStateException("the ID transport (cookie or header) was already chosen");
      }
      transport = chosen;
    }

    /** Returns the filter. */
    public SessionFilter build() {
      return new SessionFilter(this);
    }
  }
}
