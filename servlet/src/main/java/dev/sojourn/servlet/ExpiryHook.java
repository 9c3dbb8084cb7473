package dev.sojourn.servlet;

import dev.sojourn.SessionManager;
import dev.sojourn.store.ExpiryEvents;
import dev.sojourn.store.Snapshot;
import jakarta.servlet.ServletContext;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Turns a store's expiry events into {@code sessionDestroyed} (and attribute removal) events for
 * the servlet listeners of every {@link SessionFilter} of one web application over one manager.
 *
 * <p>One hook per (servlet context, manager): filters that share both (a cookie filter and a header
 * filter, say) share it, so each listener hears each expiry once. {@link ExpiryEvents} cannot
 * remove a listener, so a hook stays registered with its store and goes quiet when its last filter
 * leaves. Thread-safe; events run on the store's thread.
 */
final class ExpiryHook implements Consumer<Snapshot> {
  private static final String ATTRIBUTE = ExpiryHook.class.getName();

  private final SessionManager manager;
  private final ServletContext context;
  private final List<SessionEvents> filters = new CopyOnWriteArrayList<>();

  private ExpiryHook(SessionManager manager, ServletContext context) {
    this.manager = manager;
    this.context = context;
  }

  /**
   * Delivers {@code manager}'s expiries in {@code context} to {@code events} from now on; does
   * nothing if the manager's store does not report expiry.
   */
  static void join(ServletContext context, SessionManager manager, SessionEvents events) {
    if (!(manager.store() instanceof ExpiryEvents store) || events.listeners().isEmpty()) {
      return;
    }
    ExpiryHook hook;
    synchronized (ExpiryHook.class) {
      Map<SessionManager, ExpiryHook> hooks = hooks(context);
      hook = hooks.get(manager);
      if (hook == null) {
        hook = new ExpiryHook(manager, context);
        hooks.put(manager, hook);
        store.addExpiryListener(hook);
      }
    }
    hook.filters.add(events);
  }

  /** Stops delivering to {@code events}. */
  static void leave(ServletContext context, SessionManager manager, SessionEvents events) {
    synchronized (ExpiryHook.class) {
      ExpiryHook hook = hooks(context).get(manager);
      if (hook != null) {
        hook.filters.remove(events);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<SessionManager, ExpiryHook> hooks(ServletContext context) {
    Object existing = context.getAttribute(ATTRIBUTE);
    if (existing instanceof Map<?, ?> map) {
      return (Map<SessionManager, ExpiryHook>) map;
    }
    Map<SessionManager, ExpiryHook> created = new IdentityHashMap<>();
    context.setAttribute(ATTRIBUTE, created);
    return created;
  }

  @Override
  public void accept(Snapshot last) {
    SessionEvents all = SessionEvents.NONE;
    for (SessionEvents events : filters) {
      all = all.with(events.listeners());
    }
    if (!all.listeners().isEmpty()) {
      all.destroyed(new ExpiredSession(last, manager.codec(), context, manager.idleTimeout()));
    }
  }
}
