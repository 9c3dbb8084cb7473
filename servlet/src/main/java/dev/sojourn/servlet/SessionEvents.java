package dev.sojourn.servlet;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EventListener;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The servlet session listeners of one filter, and the events a container would fire to them:
 * {@link HttpSessionListener}, {@link HttpSessionAttributeListener}, {@link HttpSessionIdListener},
 * and {@link HttpSessionBindingListener} on the values themselves.
 *
 * <p>Each listener is called once per event even if it was registered twice. A listener that throws
 * is logged and skipped; it never stops the change, nor the other listeners (Jetty's CVE-2021-34428
 * is what happens otherwise). {@code sessionDestroyed} goes to the listeners in reverse order of
 * registration, the others in order, as the Servlet specification says. Immutable and thread-safe.
 */
final class SessionEvents {
  static final SessionEvents NONE = new SessionEvents(List.of());

  private static final System.Logger LOG = System.getLogger(SessionEvents.class.getName());

  private final List<EventListener> all;
  private final List<HttpSessionListener> lifecycle = new ArrayList<>();
  private final List<HttpSessionAttributeListener> attributes = new ArrayList<>();
  private final List<HttpSessionIdListener> ids = new ArrayList<>();

  SessionEvents(Collection<? extends EventListener> listeners) {
    List<EventListener> unique = new ArrayList<>();
    for (EventListener listener : listeners) {
      if (isSessionListener(listener) && unique.stream().noneMatch(l -> l == listener)) {
        unique.add(listener);
      }
    }
    this.all = List.copyOf(unique);
    for (EventListener listener : all) {
      if (listener instanceof HttpSessionListener l) {
        lifecycle.add(l);
      }
      if (listener instanceof HttpSessionAttributeListener l) {
        attributes.add(l);
      }
      if (listener instanceof HttpSessionIdListener l) {
        ids.add(l);
      }
    }
  }

  /** Whether {@code listener} hears session events of some kind. */
  static boolean isSessionListener(Object listener) {
    return listener instanceof HttpSessionListener
        || listener instanceof HttpSessionAttributeListener
        || listener instanceof HttpSessionIdListener;
  }

  /** The listeners, in registration order. */
  List<EventListener> listeners() {
    return all;
  }

  /** These listeners and {@code more}, each once. */
  SessionEvents with(Collection<? extends EventListener> more) {
    List<EventListener> both = new ArrayList<>(all);
    both.addAll(more);
    return new SessionEvents(both);
  }

  void created(HttpSession session) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    each(lifecycle, "sessionCreated", l -> l.sessionCreated(event));
  }

  /**
   * The session is about to end and is still readable: {@code sessionDestroyed}, then each
   * attribute is unbound ({@code valueUnbound}, {@code attributeRemoved}), as a container does.
   */
  void destroyed(HttpSession session) {
    destroyedUnreadable(session);
    for (String name : Collections.list(session.getAttributeNames())) {
      Object value = session.getAttribute(name);
      if (value != null) {
        attributeRemoved(session, name, value);
      }
    }
  }

  /** The session ended and its attributes can no longer be read: {@code sessionDestroyed} only. */
  void destroyedUnreadable(HttpSession session) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    List<HttpSessionListener> reversed = new ArrayList<>(lifecycle);
    Collections.reverse(reversed);
    each(reversed, "sessionDestroyed", l -> l.sessionDestroyed(event));
  }

  void idChanged(HttpSession session, String oldId) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    each(ids, "sessionIdChanged", l -> l.sessionIdChanged(event, oldId));
  }

  /** {@code name} was set to {@code value}; it held {@code old} (null if absent). */
  void attributeSet(HttpSession session, String name, Object value, @Nullable Object old) {
    if (value != old) {
      if (value instanceof HttpSessionBindingListener bound) {
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
        safely("valueBound", () -> bound.valueBound(event));
      }
      if (old instanceof HttpSessionBindingListener unbound) {
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, old);
        safely("valueUnbound", () -> unbound.valueUnbound(event));
      }
    }
    if (attributes.isEmpty()) {
      return; // the common case: no event object for no listener (it runs on every setAttribute)
    }
    if (old == null) {
      HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
      each(attributes, "attributeAdded", l -> l.attributeAdded(event));
    } else {
      HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, old);
      each(attributes, "attributeReplaced", l -> l.attributeReplaced(event));
    }
  }

  /** {@code name}, which held {@code old}, was removed. */
  void attributeRemoved(HttpSession session, String name, Object old) {
    HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, old);
    if (old instanceof HttpSessionBindingListener unbound) {
      safely("valueUnbound", () -> unbound.valueUnbound(event));
    }
    each(attributes, "attributeRemoved", l -> l.attributeRemoved(event));
  }

  private static <L> void each(List<L> listeners, String event, Consumer<L> call) {
    for (L listener : listeners) {
      safely(event, () -> call.accept(listener));
    }
  }

  private static void safely(String event, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "session listener failed on '" + event + "'; others still run", e);
    }
  }
}
