package dev.sojourn.demo;

import dev.sojourn.Session;
import dev.sojourn.SessionKey;
import dev.sojourn.SessionManager;

/** The per-session visit counter. */
final class Counter {
  static final SessionKey<Long> KEY = SessionKey.of("counter", Long.class);

  private Counter() {}

  /** The counter's value in {@code session}; 0 if it was never incremented. */
  static long value(Session session) {
    Long value = session.get(KEY);
    return value == null ? 0 : value;
  }

  /**
   * Adds one and returns the new value. A stored session is incremented in the store with
   * compare-and-set ({@link SessionManager#modify}), so concurrent requests each count exactly
   * once; a session this request started is incremented in place and stored when it commits.
   *
   * @throws dev.sojourn.store.SessionNotFoundException if the session ended meanwhile
   * @throws dev.sojourn.store.VersionConflictException if every compare-and-set attempt conflicted
   */
  static long increment(SessionManager manager, Session session) {
    if (session.isNew()) {
      long next = value(session) + 1;
      session.put(KEY, next);
      return next;
    }
    return manager.modify(
        session.id(),
        stored -> {
          long next = value(stored) + 1;
          stored.put(KEY, next);
          return next;
        });
  }
}
