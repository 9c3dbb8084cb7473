package dev.sojourn.servlet;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.TooManySessionsException;
import dev.sojourn.store.SessionLimitException;
import dev.sojourn.store.StoreException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Gives every request a Sojourn session: {@code request.getSession()} returns an {@code
 * HttpSession} backed by the {@link SessionManager} (a drop-in for existing applications), and
 * {@link #session} / {@link #existingSession} return the typed {@link Session}.
 *
 * <p><b>Lifecycle.</b> The session is opened lazily, on the first call that needs it. It is
 * committed before the response is committed (before {@code sendRedirect} in all its Servlet 6.1
 * forms, {@code sendError}, {@code flushBuffer}, a flush or close of the writer or stream, the body
 * outgrowing the buffer or reaching its declared length, counted in bytes of the response's
 * encoding) and again when the chain returns, so the ID the client holds is always the stored one.
 * Changes to an existing session made after the response was committed are still stored, but a new
 * ID can no longer reach the client (logged as a warning); starting a session then throws {@link
 * IllegalStateException}, as the Servlet specification says and Tomcat does. {@code
 * changeSessionId()} rotates the ID and the CSRF token; {@code invalidate()} drops the session and
 * clears the cookie ({@code Max-Age=0}). Every response that sets or clears the ID carries {@code
 * Cache-Control: no-store}.
 *
 * <p><b>Async requests.</b> When the chain returns with an async cycle started, the session is
 * committed when the cycle ends instead: on {@code AsyncContext.complete()} and {@code dispatch()}
 * (before the response is committed, so a new ID reaches the client), and when the container
 * reports the cycle complete or timed out (storage only, by then). The request's session, its
 * {@code HttpSession} view and the {@code AsyncContext} it returns may be used from the async
 * thread: they hold one lock per request, which also orders the container thread's changes before
 * the async thread's commit. The typed {@link Session} is not thread-safe: use it from one thread
 * at a time. Map the filter for {@code ASYNC} dispatches too ({@code asyncSupported}), as every
 * filter in an async chain must be; an async cycle started on the container's own request object
 * (not the one this filter passes on) is only committed on completion.
 *
 * <p><b>The ID</b> travels in a cookie ({@link CookieSettings#defaults() secure defaults}) or, for
 * APIs, in a header; never in a URL ({@code encodeURL} returns its argument). A value that is not a
 * well-formed Sojourn ID (32 base58 characters) never reaches the store, and the client is told to
 * forget it. If the request carries our cookie several times (a sibling subdomain can plant one
 * when the name lacks the {@code __Host-} prefix: cookie tossing), the values are tried in order
 * and the first live one is used, as Tomcat and Spring Session do; at most {@value
 * IdTransport#MAX_CANDIDATES} well-formed values reach the store, so a request cannot make it look
 * up hundreds. The client is told to forget its cookie only if none is live.
 *
 * <p><b>Listeners.</b> {@code HttpSessionListener}, {@code HttpSessionAttributeListener}, {@code
 * HttpSessionIdListener} and values that are {@code HttpSessionBindingListener}s hear what a
 * container would tell them, so libraries built on them ({@code HttpSessionEventPublisher}, say)
 * work unchanged. Listeners registered with the container (web.xml, {@code @WebListener}, {@code
 * ServletContext.addListener}) are found when the filter is initialised, on Jetty 12 and Tomcat
 * 10.1/11 (see {@link Builder#containerListeners}); others are added with {@link Builder#listener}.
 * The events, and where they differ from a container's:
 *
 * <ul>
 *   <li>{@code sessionCreated}: when a session this request started becomes real, that is just
 *       before its first attribute is set, or when it is first stored (a sign-in through the typed
 *       API). A container fires it on {@code getSession(true)}; Sojourn creates sessions lazily,
 *       and a session that never holds anything is never stored nor announced.
 *   <li>{@code attributeAdded} / {@code Replaced} / {@code Removed}, {@code valueBound} / {@code
 *       valueUnbound}: synchronously on the {@code HttpSession} view's calls, as a container fires
 *       them. Changes through the typed {@link Session} are not reported.
 *   <li>{@code sessionIdChanged}: at once on {@code changeSessionId()}; for a rotation through the
 *       typed API ({@code login}), when the request commits.
 *   <li>{@code sessionDestroyed}: on {@code HttpSession.invalidate()}, while the attributes are
 *       still readable, followed by each attribute's removal; for {@code Session.invalidate()} /
 *       {@code logout()}, at commit, without readable attributes; on expiry, if the store reports
 *       it ({@link dev.sojourn.store.ExpiryEvents}), on the store's thread, with a read-only view
 *       of the last stored state whose attributes are readable, followed by each attribute's
 *       removal. A session ended by {@link SessionManager#destroy} or a revocation outside a
 *       request is reported to core's {@code SessionListener.destroyed} only (it has no servlet
 *       context).
 * </ul>
 *
 * A listener that throws is logged and skipped; it never stops the change nor the other listeners.
 *
 * <p><b>Failures.</b> A store that cannot answer ({@link StoreException}) or is full ({@link
 * SessionLimitException}) turns the response into a {@code 503} with a plain-text message, if it is
 * not committed yet; Sojourn fails closed. A sign-in refused by {@code maxSessionsPerUser} ({@link
 * TooManySessionsException}) becomes a {@code 403}. A session that ended while the request ran
 * (revoked, expired) makes the commit clear the cookie; it is not an error.
 *
 * <p>If the filter chain throws (other than for the store), the session is not committed at the
 * end: a request that failed changes nothing it had not already committed before the response.
 *
 * <p>Thread-safe: one filter serves all requests.
 */
public final class SessionFilter implements Filter {
  private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());

  private final SessionManager manager;
  private final IdTransport transport;
  private final boolean containerListeners;
  private volatile SessionEvents events;
  private volatile @Nullable ServletContext context;

  private SessionFilter(Builder builder) {
    this.manager = builder.manager;
    IdTransport t = builder.transport;
    this.transport = t != null ? t : IdTransport.cookie(CookieSettings.defaults());
    this.containerListeners = builder.containerListeners;
    this.events = new SessionEvents(builder.listeners);
  }

  /**
   * Finds the session listeners registered with the container (unless {@link
   * Builder#containerListeners} turned that off) and starts delivering the store's expiry events to
   * all of them. Called by the container once, before the first request.
   */
  @Override
  public void init(FilterConfig config) {
    ServletContext servletContext = config.getServletContext();
    if (containerListeners) {
      Optional<List<EventListener>> found = ContainerListeners.of(servletContext);
      if (found.isPresent()) {
        events = events.with(found.get());
      } else {
        LOG.log(
            Level.INFO,
            "cannot list the session listeners registered with this container ({0}); register"
                + " them with SessionFilter.builder(...).listener(...) for Sojourn to fire them",
            servletContext.getServerInfo());
      }
    }
    context = servletContext;
    ExpiryHook.join(servletContext, manager, events);
  }

  /** Stops delivering expiry events to this filter's listeners. */
  @Override
  public void destroy() {
    ServletContext servletContext = context;
    if (servletContext != null) {
      ExpiryHook.leave(servletContext, manager, events);
    }
  }

  /**
   * {@return the session listeners this filter fires: its own, then (after {@link #init}) the
   * container's, each once; an immutable snapshot}
   */
  public List<EventListener> listeners() {
    return events.listeners();
  }

  /**
   * Returns a builder for a filter over {@code manager}.
   *
   * @param manager the manager that opens, commits and ends the sessions
   * @return a new builder: the ID in a cookie with the default settings, the container's listeners
   *     fired
   * @throws NullPointerException if {@code manager} is null
   */
  public static Builder builder(SessionManager manager) {
    return new Builder(Objects.requireNonNull(manager, "manager"));
  }

  /**
   * Returns a filter over {@code manager} with the default cookie settings.
   *
   * @param manager the manager that opens, commits and ends the sessions
   * @return a new filter; the ID in a cookie with {@link CookieSettings#defaults()}
   * @throws NullPointerException if {@code manager} is null
   */
  public static SessionFilter of(SessionManager manager) {
    return builder(manager).build();
  }

  /** {@return the manager this filter opens sessions with} */
  public SessionManager manager() {
    return manager;
  }

  /**
   * Returns the request's session, starting one if there is none (it is stored only once it holds a
   * user or an attribute). Callable from an async request's thread; the {@link Session} it returns
   * is not thread-safe.
   *
   * @param request the current request, which a {@link SessionFilter} handled
   * @return the session: the same instance on every call in this request until it is invalidated
   *     (the next call then starts a new one)
   * @throws IllegalStateException if no {@link SessionFilter} handled this request, or if there is
   *     no session and the response is already committed (its ID could never reach the client)
   * @throws StoreException if the store cannot answer
   */
  public static Session session(HttpServletRequest request) {
    return requestSession(request).getOrCreate();
  }

  /**
   * Returns the request's session, or null if the client has none (absent, unknown, expired or
   * ended in this request). Never starts a session.
   *
   * @param request the current request, which a {@link SessionFilter} handled
   * @return the live session, or null
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
                manager,
                transport,
                transport.read(request),
                response,
                request.getServletContext(),
                events);
    request.setAttribute(RequestSession.ATTRIBUTE, sessions);
    SessionResponse wrappedResponse = new SessionResponse(response, sessions);
    try {
      chain.doFilter(new SessionRequest(request, sessions, wrappedResponse), wrappedResponse);
      if (!request.isAsyncStarted() || !SessionAsyncContext.commitOnCompletion(request, sessions)) {
        sessions.commit();
      }
    } catch (RuntimeException | IOException | ServletException e) {
      if (!unavailable(e, response)) {
        throw e;
      }
    }
  }

  /**
   * Answers a failure that comes from the session layer, if the response is not committed yet, and
   * tells whether it did: {@code 503} for a store that cannot answer or is full (fail closed), and
   * {@code 403} for a sign-in refused by {@code maxSessionsPerUser} with policy {@code REFUSE}
   * ({@link TooManySessionsException}: the user must sign out elsewhere first; an application that
   * wants its own page commits the sign-in itself and catches it).
   */
  static boolean unavailable(Throwable failure, HttpServletResponse response) throws IOException {
    String message = null;
    int status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
    for (Throwable t = failure; t != null && message == null; t = t.getCause()) {
      if (t instanceof TooManySessionsException) {
        status = HttpServletResponse.SC_FORBIDDEN;
        message =
            "403 Forbidden: this account already has the maximum number of sessions; sign out on"
                + " another device and try again";
      } else if (t instanceof SessionLimitException) {
        message = "503 Service Unavailable: the session store is full; try again later";
      } else if (t instanceof StoreException) {
        message = "503 Service Unavailable: the session store is unavailable; try again later";
      }
    }
    if (message == null) {
      return false;
    }
    LOG.log(Level.WARNING, "answering " + message, failure);
    if (response.isCommitted()) {
      return false;
    }
    response.reset();
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
      response.setHeader("Retry-After", "5");
    }
    String body = message + "\n";
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
    private final List<EventListener> listeners = new ArrayList<>();
    private boolean containerListeners = true;

    private Builder(SessionManager manager) {
      this.manager = manager;
    }

    /**
     * Sends the ID in a cookie with these settings.
     *
     * @param settings the cookie's name and attributes
     * @return this builder
     * @throws NullPointerException if {@code settings} is null
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
     * @param name the header's name, an HTTP token (say {@code X-Session})
     * @return this builder
     * @throws NullPointerException if {@code name} is null
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

    /**
     * Adds a session listener: an {@code HttpSessionListener}, {@code HttpSessionAttributeListener}
     * or {@code HttpSessionIdListener} (or several at once). The portable way, for containers whose
     * listeners the filter cannot list, and for listeners that should hear Sojourn's sessions only.
     * A listener also registered with the container is called once per event. May be called many
     * times.
     *
     * @param listener the listener; added once even if given several times
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     * @throws IllegalArgumentException if {@code listener} is none of the three
     */
    public Builder listener(EventListener listener) {
      Objects.requireNonNull(listener, "listener");
      if (!SessionEvents.isSessionListener(listener)) {
        throw new IllegalArgumentException(
            "listener must be an HttpSessionListener, HttpSessionAttributeListener or"
                + " HttpSessionIdListener, was "
                + listener.getClass().getName());
      }
      listeners.add(listener);
      return this;
    }

    /**
     * Whether to fire the session listeners registered with the container too (default: yes). They
     * are read when the filter is initialised, on Jetty 12 (ee10, ee11) and Tomcat 10.1 and 11;
     * elsewhere the filter logs that it cannot, and only {@link #listener}s are fired. Turn it off
     * when the container's listeners should hear only the container's own sessions.
     *
     * @param fire false to fire only the listeners given to {@link #listener}
     * @return this builder
     */
    public Builder containerListeners(boolean fire) {
      this.containerListeners = fire;
      return this;
    }

    private void choose(IdTransport chosen) {
      if (transport != null) {
        throw new IllegalStateException("the ID transport (cookie or header) was already chosen");
      }
      transport = chosen;
    }

    /** {@return a new filter with these settings} */
    public SessionFilter build() {
      return new SessionFilter(this);
    }
  }
}
