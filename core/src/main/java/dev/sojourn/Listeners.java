package dev.sojourn;

import dev.sojourn.store.Snapshot;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Consumer;

/** Delivers events to every listener, isolating each from the others' failures. */
final class Listeners {
  private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

  private final List<SessionListener> listeners;

  Listeners(List<SessionListener> listeners) {
    this.listeners = listeners;
  }

  void created(String id) {
    each("created", l -> l.created(id));
  }

  void rotated(String oldId, String newId) {
    each("rotated", l -> l.rotated(oldId, newId));
  }

  void destroyed(String id) {
    each("destroyed", l -> l.destroyed(id));
  }

  void expired(Snapshot last) {
    each("expired", l -> l.expired(last));
  }

  private void each(String event, Consumer<SessionListener> call) {
    for (SessionListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "session listener failed on '" + event + "'; others still run", e);
      }
    }
  }
}
