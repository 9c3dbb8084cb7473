package dev.sojourn.servlet;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionNotFoundException;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One request's view of its session: opens it lazily (a request that never asks for the session
 * costs no store access), keeps the sessions this request ended so that they are dropped, and
 * commits and hands out or clears the ID before the response is committed.
 *
 * <p>Thread-safe: every method holds this object's monitor, and so do the {@link ServletSession}
 * views it hands out. An async request uses its session from another thread than the one that
 * opened it, possibly while that thread is still returning; the monitor orders the two.
 */
final class RequestSession {
  static final String ATTRIBUTE = RequestSession.class.getName();

  private static final System.Logger LOG = System.getLogger(RequestSession.class.getName());

  private final SessionManager manager;
  private final IdTransport transport;
  private final HttpServletResponse response;
  private final ServletContext context;
  private final SessionEvents events;

  /** The well-formed values the client presented, at most {@link IdTransport#MAX_CANDIDATES}. */
  private final List<String> candidates;

  private @Nullable String presented;
  private @Nullable String clientId;
  private boolean clientIdDead;

  private @Nullable Session current;
  private @Nullable ServletSession view;
  private boolean exists;
  private boolean requestedIdValid;
  private final List<Session> ended = new ArrayList<>();
  private boolean committing;

  /** Whether listeners know the current session (it was loaded, or they heard it was created). */
  private boolean announced;

  private @Nullable String announcedId;

  RequestSession(
      SessionManager manager,
      IdTransport transport,
      List<String> presented,
      HttpServletResponse response,
      ServletContext context,
      SessionEvents events) {
    this.manager = manager;
    this.transport = transport;
    this.response = response;
    this.context = context;
    this.events = events;
    this.candidates = candidates(presented);
    this.presented = presented.isEmpty() ? null : presented.get(0);
    this.clientId = this.presented;
    // Malformed values never reach the store; if nothing else was sent, the client must drop them.
    this.clientIdDead = !presented.isEmpty() && candidates.isEmpty();
  }

  /**
   * The well-formed values of {@code presented}, each once, in order, at most {@link
   * IdTransport#MAX_CANDIDATES}. A plain loop: this runs on every request, and a stream pipeline
   * cost a measurable share of it (docs/benchmarks.md, the HTTP profile).
   */
  private static List<String> candidates(List<String> presented) {
    if (presented.isEmpty()) {
      return List.of();
    }
    if (presented.size() == 1) {
      String only = presented.get(0);
      return TokenGenerator.isWellFormed(only) ? List.of(only) : List.of();
    }
    List<String> found = new ArrayList<>(Math.min(presented.size(), IdTransport.MAX_CANDIDATES));
    for (String value : presented) {
      if (found.size() == IdTransport.MAX_CANDIDATES) {
        break;
      }
      if (TokenGenerator.isWellFormed(value) && !found.contains(value)) {
        found.add(value);
      }
    }
    return List.copyOf(found);
  }

  SessionManager manager() {
    return manager;
  }

  IdTransport transport() {
    return transport;
  }

  /**
   * The ID the client presented: the live one if it sent several and one is live, else the first
   * well-formed one; null if it sent none that is well-formed.
   */
  synchronized @Nullable String requestedId() {
    if (candidates.size() > 1) {
      open();
    }
    String first = presented;
    return TokenGenerator.isWellFormed(first)
        ? first
        : candidates.isEmpty() ? null : candidates.get(0);
  }

  /** Whether a presented ID named a live session when this request opened it. */
  synchronized boolean requestedIdValid() {
    open();
    return requestedIdValid;
  }

  /** The session, or null if there is none (the {@code getSession(false)} view). */
  synchronized @Nullable Session existing() {
    Session session = open();
    return exists && !session.isInvalidated() ? session : null;
  }

  /**
   * The session, started if there is none (the {@code getSession(true)} view).
   *
   * @throws IllegalStateException if a session would have to be started but the response is already
   *     committed: its ID could never reach the client
   */
  synchronized Session getOrCreate() {
    Session session = open();
    if (!exists || session.isInvalidated()) {
      if (response.isCommitted()) {
        throw new IllegalStateException(
            "cannot start a session: the response is already committed, so its ID could never"
                + " reach the client. Call getSession() before writing the body.");
      }
      if (session.isInvalidated()) {
        ended.add(session);
        session = manager.newSession();
        current = session;
        view = null;
        announced = false;
        announcedId = null;
      }
    }
    exists = true;
    return session;
  }

  /** The {@code HttpSession} view of {@code session}, one per session per request. */
  synchronized ServletSession view(Session session) {
    ServletSession v = view;
    if (v == null || v.session() != session) {
      v = new ServletSession(session, context, manager.idleTimeout(), this);
      view = v;
    }
    return v;
  }

  SessionEvents events() {
    return events;
  }

  /**
   * Called, holding the monitor, before the first change listeners would hear of: a session that
   * was only started becomes real, so listeners hear it was created first, as a container's would.
   */
  void beforeChange(ServletSession changed) {
    if (!announced && changed.session() == current) {
      announced = true;
      announcedId = changed.session().id();
      events.created(changed);
    }
  }

  /**
   * Called, holding the monitor, just before {@code ended} is invalidated through its view: if
   * listeners know it, they hear it was destroyed while its attributes are still readable.
   */
  void beforeInvalidate(ServletSession ended) {
    if (announced && ended.session() == current) {
      announced = false;
      events.destroyed(ended);
    }
  }

  /**
   * Called, holding the monitor, after {@code rotated}'s ID changed through {@code
   * changeSessionId}: listeners that know it hear the old ID.
   */
  void afterIdChange(ServletSession rotated, String oldId) {
    if (announced && rotated.session() == current) {
      announcedId = rotated.session().id();
      events.idChanged(rotated, oldId);
    }
  }

  private Session open() {
    Session session = current;
    if (session == null) {
      for (String candidate : candidates) {
        Session opened = manager.open(candidate);
        if (!opened.isNew()) {
          session = opened;
          presented = candidate;
          clientId = candidate;
          break;
        }
      }
      requestedIdValid = session != null;
      exists = requestedIdValid;
      announced = requestedIdValid;
      if (session == null) {
        session = manager.newSession();
        clientIdDead = presented != null;
      }
      announcedId = announced ? session.id() : null;
      current = session;
    }
    return session;
  }

  /** The response's headers were reset: the ID must be sent again if it is to reach the client. */
  synchronized void headersReset() {
    clientId = presented;
  }

  /**
   * Writes the session to the store and tells the client its ID (or to forget it), if the response
   * is not committed yet. Safe to call many times, from any thread: an unchanged session writes
   * nothing again. A session this request started is not stored once the response is committed: its
   * ID could never reach the client.
   *
   * @throws dev.sojourn.store.StoreException if the store cannot answer
   * @throws dev.sojourn.store.SessionLimitException if the store is full
   */
  synchronized void commit() {
    if (committing) {
      return;
    }
    committing = true;
    try {
      for (Session session : ended) {
        manager.commit(session);
        clientIdDead = true;
      }
      ended.clear();
      String target = null;
      Session session = current;
      if (session != null) {
        if (session.isInvalidated()) {
          if (announced) {
            // Ended through the typed API: listeners hear of it, without its attributes.
            announced = false;
            events.destroyedUnreadable(view(session));
          }
          manager.commit(session);
          clientIdDead = true;
        } else if (session.isNew() && response.isCommitted()) {
          unannounce(session);
          LOG.log(
              Level.WARNING,
              "a session started after the response was committed is not stored: its ID could"
                  + " never reach the client. Start the session before writing the body.");
        } else {
          target = store(session);
        }
      }
      if (target != null) {
        if (!target.equals(clientId) && send(target)) {
          clientId = target;
        }
      } else if (clientId != null && clientIdDead && clear()) {
        clientId = null;
      }
    } finally {
      committing = false;
    }
  }

  /** Stores {@code session}; returns the ID the client must hold, or null if none. */
  private @Nullable String store(Session session) {
    boolean wasNew = session.isNew();
    try {
      manager.commit(session);
    } catch (SessionNotFoundException e) {
      // The session ended meanwhile (revoked, expired, rotated by another request): the
      // client's ID is dead, and this request's changes went nowhere.
      LOG.log(Level.DEBUG, "session ended before this request committed: {0}", e);
      clientIdDead = true;
      current = manager.newSession();
      exists = false;
      view = null;
      announced = false;
      announcedId = null;
      return null;
    }
    if (session.isNew()) {
      // Holds nothing worth storing after all (lazy creation): to listeners, it ended.
      unannounce(session);
      return null;
    }
    if (wasNew && !announced) {
      announced = true;
      announcedId = session.id();
      events.created(view(session));
    } else if (announced && announcedId != null && !announcedId.equals(session.id())) {
      String oldId = announcedId;
      announcedId = session.id();
      events.idChanged(view(session), oldId);
    }
    return session.id();
  }

  /** Listeners heard {@code session} was created, but it will not be stored: it ended. */
  private void unannounce(Session session) {
    if (announced) {
      announced = false;
      events.destroyed(view(session));
    }
  }

  private boolean send(String id) {
    if (response.isCommitted()) {
      LOG.log(
          Level.WARNING,
          "the session ID changed after the response was committed; the client keeps the old one."
              + " Change the session before writing the body.");
      return false;
    }
    transport.write(response, id);
    response.setHeader("Cache-Control", "no-store");
    return true;
  }

  private boolean clear() {
    if (response.isCommitted()) {
      return false;
    }
    transport.clear(response);
    response.setHeader("Cache-Control", "no-store");
    return true;
  }
}
