package dev.sojourn.benchmarks;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionStore;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * Sojourn: {@link SessionManager} on a store, as {@code SojournFilter} uses them; a subclass builds
 * the store (with {@link #CLOCK}). Closing closes the manager and the store.
 */
abstract class SojournRequestSubject implements RequestSubject {
  /** The clock of the manager, and of the store a subclass builds. */
  static final InstantSource CLOCK = InstantSource.system();

  private final SessionStore store;
  private final SessionManager sessions;
  private final AttributeCodec codec = AttributeCodec.defaults();

  SojournRequestSubject(SessionStore store) {
    this.store = store;
    this.sessions = SessionManager.builder().store(store).clock(CLOCK).idleTimeout(TTL).build();
  }

  @Override
  public void preload(String id, String csrfToken, String user, String value) {
    long now = CLOCK.millis();
    store.commit(
        SessionChange.create(id, csrfToken, now)
            .user(user, now)
            .put(ATTRIBUTE, codec.encode(value))
            .ttl(TTL)
            .build());
  }

  @Override
  public void request(String id, boolean write, String value) {
    Session session = sessions.open(id);
    if (session.isNew()) {
      throw new IllegalStateException("benchmark session vanished");
    }
    if (write) {
      session.put(ATTRIBUTE, value);
    }
    sessions.commit(session);
  }

  @Override
  public @Nullable Object attribute(String id) {
    Session session = sessions.open(id);
    return session.isNew() ? null : session.get(ATTRIBUTE);
  }

  @Override
  public void close() {
    sessions.close();
    store.close();
  }
}
