package dev.sojourn.servlet;

import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.codec.CodecException;
import dev.sojourn.store.Snapshot;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The {@link HttpSession} a {@code sessionDestroyed} listener sees for a session the store removed
 * on expiry: the last state the store held. ID, timestamps and attributes are readable (attributes
 * decoded on first read; one that cannot be decoded reads as absent, logged); it cannot be changed:
 * {@code setAttribute}, {@code removeAttribute}, {@code invalidate} and {@code
 * setMaxInactiveInterval} throw {@link IllegalStateException}, as on a container's invalidated
 * session. Thread-safe.
 */
final class ExpiredSession implements HttpSession {
  private static final System.Logger LOG = System.getLogger(ExpiredSession.class.getName());

  private final Snapshot last;
  private final AttributeCodec codec;
  private final ServletContext context;
  private final int maxInactiveSeconds;
  private final Map<String, Object> decoded = new HashMap<>();

  ExpiredSession(
      Snapshot last, AttributeCodec codec, ServletContext context, Duration defaultIdleTimeout) {
    this.last = last;
    this.codec = codec;
    this.context = context;
    long idle =
        last.idleTimeoutMillis() > 0 ? last.idleTimeoutMillis() : defaultIdleTimeout.toMillis();
    this.maxInactiveSeconds = (int) Math.min(Integer.MAX_VALUE, idle / 1000);
  }

  @Override
  public long getCreationTime() {
    return last.createdAtMillis();
  }

  @Override
  public String getId() {
    return last.id();
  }

  @Override
  public long getLastAccessedTime() {
    return last.lastAccessedAtMillis();
  }

  @Override
  public ServletContext getServletContext() {
    return context;
  }

  /** Throws: the session has expired. */
  @Override
  public void setMaxInactiveInterval(int interval) {
    throw ended("setMaxInactiveInterval");
  }

  @Override
  public int getMaxInactiveInterval() {
    return maxInactiveSeconds;
  }

  @Override
  public synchronized @Nullable Object getAttribute(String name) {
    Object value = decoded.get(name);
    if (value != null) {
      return value;
    }
    byte[] bytes = last.attributes().get(name);
    if (bytes == null) {
      return null;
    }
    try {
      value = codec.decode(bytes);
    } catch (CodecException e) {
      LOG.log(Level.WARNING, "expired session attribute '" + name + "' cannot be decoded", e);
      return null;
    }
    decoded.put(name, value);
    return value;
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    return Collections.enumeration(new TreeSet<>(last.attributes().keySet()));
  }

  /** Throws: the session has expired. */
  @Override
  public void setAttribute(String name, @Nullable Object value) {
    throw ended("setAttribute");
  }

  /** Throws: the session has expired. */
  @Override
  public void removeAttribute(String name) {
    throw ended("removeAttribute");
  }

  /** Throws: the session has expired. */
  @Override
  public void invalidate() {
    throw ended("invalidate");
  }

  @Override
  public boolean isNew() {
    return false;
  }

  private static IllegalStateException ended(String method) {
    return new IllegalStateException(method + ": the session has expired");
  }

  @Override
  public String toString() {
    return "ExpiredSession(attributes=" + last.attributes().keySet() + ")";
  }
}
