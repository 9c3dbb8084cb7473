package dev.sojourn.servlet;

import dev.sojourn.Session;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;

/**
 * The {@link HttpSession} view of a Sojourn {@link Session}, for existing code that calls {@code
 * request.getSession()}.
 *
 * <p>Differences from a container session, each on purpose: attribute values must be types the
 * {@link dev.sojourn.codec.AttributeCodec} supports (no Java serialization; {@code setAttribute}
 * throws {@link dev.sojourn.codec.CodecException} at once otherwise); {@link
 * #setMaxInactiveInterval} sets the session's own idle timeout, but the {@link
 * dev.sojourn.SessionManager}'s absolute timeout still ends every session; a session that holds
 * nothing is not stored (lazy creation).
 *
 * <p>Listener events ({@link SessionEvents}) fire synchronously, on the calling thread, after the
 * change they report, as Tomcat and Jetty fire them. {@code HttpSessionBindingListener.valueBound}
 * is called once the value is set (Tomcat calls it just before, so a throwing {@code valueBound}
 * there vetoes the set; here the value must first pass the codec, and a throwing listener is logged
 * and skipped, like every other).
 *
 * <p>Thread-safe: every method holds the request's {@link RequestSession} monitor, so an async
 * request may use the view from its own thread. Listeners run holding it too: a listener must not
 * wait for another thread that uses the same request's session.
 */
final class ServletSession implements HttpSession {
  private final Session session;
  private final ServletContext context;
  private final int maxInactiveSeconds;
  private final RequestSession sessions;

  ServletSession(
      Session session, ServletContext context, Duration idleTimeout, RequestSession sessions) {
    this.session = session;
    this.context = context;
    this.maxInactiveSeconds = (int) Math.min(Integer.MAX_VALUE, idleTimeout.toSeconds());
    this.sessions = sessions;
  }

  Session session() {
    return session;
  }

  @Override
  public long getCreationTime() {
    synchronized (sessions) {
      requireValid("getCreationTime");
      return session.createdAt().toEpochMilli();
    }
  }

  @Override
  public String getId() {
    synchronized (sessions) {
      return session.id();
    }
  }

  @Override
  public long getLastAccessedTime() {
    synchronized (sessions) {
      requireValid("getLastAccessedTime");
      return session.lastAccessedAt().toEpochMilli();
    }
  }

  @Override
  public ServletContext getServletContext() {
    return context;
  }

  /**
   * Sets this session's own idle timeout, in seconds, through {@link
   * Session#idleTimeout(Duration)}: stored with the session at this request's commit and honoured
   * by every later request, on every store. As the Servlet specification says, zero or a negative
   * value means the session never times out for inactivity; unlike a container's, a Sojourn session
   * still ends at the {@link dev.sojourn.SessionManager}'s absolute timeout, so that no request can
   * keep a session alive for ever (OWASP ASVS V7.3).
   *
   * @throws IllegalStateException if the session was invalidated (Tomcat and Jetty accept the call
   *     and ignore it; we fail as every other method of an invalidated session does)
   */
  @Override
  public void setMaxInactiveInterval(int interval) {
    synchronized (sessions) {
      requireValid("setMaxInactiveInterval");
      session.idleTimeout(interval <= 0 ? Session.NO_IDLE_TIMEOUT : Duration.ofSeconds(interval));
    }
  }

  /**
   * The idle timeout in effect, in seconds: the session's own if it has one, else the
   * SessionManager's; {@code -1} if it never times out for inactivity (the absolute timeout still
   * ends it). An own timeout that is not a whole number of seconds (set through the typed API) is
   * rounded up, so that it never reads as 0, which the Servlet specification takes for "never".
   */
  @Override
  public int getMaxInactiveInterval() {
    Duration own;
    synchronized (sessions) {
      own = session.idleTimeout();
    }
    if (own == null) {
      return maxInactiveSeconds;
    }
    if (own.equals(Session.NO_IDLE_TIMEOUT)) {
      return -1;
    }
    long seconds = own.plusMillis(999).toSeconds();
    return (int) Math.min(Integer.MAX_VALUE, seconds);
  }

  @Override
  public @Nullable Object getAttribute(String name) {
    synchronized (sessions) {
      requireValid("getAttribute");
      return session.get(name);
    }
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    synchronized (sessions) {
      requireValid("getAttributeNames");
      return Collections.enumeration(session.attributeNames());
    }
  }

  /**
   * Sets an attribute; a null value removes it, as the servlet specification says. Listeners hear
   * of it: {@code attributeAdded} or {@code attributeReplaced} (with the old value), and the
   * values' {@code valueBound} / {@code valueUnbound} when the value changed.
   */
  @Override
  public void setAttribute(String name, @Nullable Object value) {
    if (value == null) {
      removeAttribute(name);
      return;
    }
    synchronized (sessions) {
      requireValid("setAttribute");
      Object old = session.get(name);
      sessions.beforeChange(this);
      session.put(name, value);
      sessions.events().attributeSet(this, name, value, old);
    }
  }

  /** Removes an attribute; listeners hear {@code attributeRemoved} if it was there. */
  @Override
  public void removeAttribute(String name) {
    synchronized (sessions) {
      requireValid("removeAttribute");
      Object old = session.get(name);
      if (old == null) {
        return;
      }
      sessions.beforeChange(this);
      session.remove(name);
      sessions.events().attributeRemoved(this, name, old);
    }
  }

  /**
   * Ends the session: it is dropped from the store and the client's cookie is cleared. Listeners
   * hear {@code sessionDestroyed} first, while the attributes are still readable, and then each
   * attribute's removal, as a container unbinds them.
   */
  @Override
  public void invalidate() {
    synchronized (sessions) {
      requireValid("invalidate");
      sessions.beforeInvalidate(this);
      session.invalidate();
    }
  }

  @Override
  public boolean isNew() {
    synchronized (sessions) {
      requireValid("isNew");
      return session.isNew();
    }
  }

  private void requireValid(String method) {
    if (session.isInvalidated()) {
      throw new IllegalStateException(method + ": the session was invalidated");
    }
  }

  @Override
  public String toString() {
    return "ServletSession(" + session + ")";
  }
}
