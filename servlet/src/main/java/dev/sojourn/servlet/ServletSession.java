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
 * throws {@link dev.sojourn.codec.CodecException} at once otherwise); timeouts are the {@link
 * dev.sojourn.SessionManager}'s, so {@link #setMaxInactiveInterval} accepts only the configured
 * value; binding listeners are not called; a session that holds nothing is not stored (lazy
 * creation).
 */
final class ServletSession implements HttpSession {
  private final Session session;
  private final ServletContext context;
  private final int maxInactiveSeconds;

  ServletSession(Session session, ServletContext context, Duration idleTimeout) {
    this.session = session;
    this.context = context;
    this.maxInactiveSeconds = (int) Math.min(Integer.MAX_VALUE, idleTimeout.toSeconds());
  }

  Session session() {
    return session;
  }

  @Override
  public long getCreationTime() {
    requireValid("getCreationTime");
    return session.createdAt().toEpochMilli();
  }

  @Override
  public String getId() {
    return session.id();
  }

  @Override
  public long getLastAccessedTime() {
    requireValid("getLastAccessedTime");
    return session.lastAccessedAt().toEpochMilli();
  }

  @Override
  public ServletContext getServletContext() {
    return context;
  }

  /**
   * Accepts only the configured idle timeout in seconds.
   *
   * @throws UnsupportedOperationException for any other value: timeouts belong to the
   *     SessionManager, so that no request can keep a session alive longer than configured
   */
  @Override
  public void setMaxInactiveInterval(int interval) {
    if (interval != maxInactiveSeconds) {
      throw new UnsupportedOperationException(
          "setMaxInactiveInterval("
              + interval
              + "): Sojourn sessions use the SessionManager's idle timeout ("
              + maxInactiveSeconds
              + " s); configure it with SessionManager.builder().idleTimeout(...)");
    }
  }

  @Override
  public int getMaxInactiveInterval() {
    return maxInactiveSeconds;
  }

  @Override
  public @Nullable Object getAttribute(String name) {
    requireValid("getAttribute");
    return session.get(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    requireValid("getAttributeNames");
    return Collections.enumeration(session.attributeNames());
  }

  /** Sets an attribute; a null value removes it, as the servlet specification says. */
  @Override
  public void setAttribute(String name, @Nullable Object value) {
    requireValid("setAttribute");
    if (value == null) {
      session.remove(name);
    } else {
      session.put(name, value);
    }
  }

  @Override
  public void removeAttribute(String name) {
    requireValid("removeAttribute");
    session.remove(name);
  }

  /** Ends the session: it is dropped from the store and the client's cookie is cleared. */
  @Override
  public void invalidate() {
    requireValid("invalidate");
    session.invalidate();
  }

  @Override
  public boolean isNew() {
    requireValid("isNew");
    return session.isNew();
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
