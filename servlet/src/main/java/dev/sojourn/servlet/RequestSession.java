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
 */
final class RequestSession {
  static final String ATTRIBUTE = RequestSession.class.getName();

  private static final System.Logger LOG = System.getLogger(RequestSession.class.getName());

  private final SessionManager manager;
  private final IdTransport transport;
  private final HttpServletResponse response;
  private final ServletContext context;
  private final @Nullable String presented;
  private @Nullable String clientId;
  private boolean clientIdDead;

  private @Nullable Session current;
  private @Nullable ServletSession view;
  private boolean exists;
  private boolean requestedIdValid;
  private final List<Session> ended = new ArrayList<>();
  private boolean committing;

  RequestSession(
      SessionManager manager,
      IdTransport transport,
      @Nullable String presented,
      HttpServletResponse response,
      ServletContext context) {
    this.manager = manager;
    this.transport = transport;
    this.presented = presented;
    this.response = response;
    this.context = context;
    this.clientId = presented;
    // A malformed value never reaches the store; the client is told to drop it.
    this.clientIdDead = presented != null && !TokenGenerator.isWellFormed(presented);
  }

  SessionManager manager() {
    return manager;
  }

  IdTransport transport() {
    return transport;
  }

  /** The ID the client presented, if it is well-formed; otherwise null. */
  @Nullable String requestedId() {
    return TokenGenerator.isWellFormed(presented) ? presented : null;
  }

  /** Whether the presented ID named a live session when this request opened it. */
  boolean requestedIdValid() {
    open();
    return requestedIdValid;
  }

  /** The session, or null if there is none (the {@code getSession(false)} view). */
  @Nullable Session existing() {
    Session session = open();
    return exists && !session.isInvalidated() ? session : null;
  }

  /** The session, started if there is none (the {@code getSession(true)} view). */
  Session getOrCreate() {
    Session session = open();
    if (session.isInvalidated()) {
      ended.add(session);
      session = manager.newSession();
      current = session;
      view = null;
    }
    exists = true;
    return session;
  }

  /** The {@code HttpSession} view of {@code session}, one per session per request. */
  ServletSession view(Session session) {
    ServletSession v = view;
    if (v == null || v.session() != session) {
      v = new ServletSession(session, context, manager.idleTimeout());
      view = v;
    }
    return v;
  }

  private Session open() {
    Session session = current;
    if (session == null) {
      session = manager.open(requestedId());
      requestedIdValid = !session.isNew();
      exists = requestedIdValid;
      if (presented != null && !requestedIdValid) {
        clientIdDead = true;
      }
      current = session;
    }
    return session;
  }

  /** The response's headers were reset: the ID must be sent again if it is to reach the client. */
  void headersReset() {
    clientId = presented;
  }

  /**
   * Writes the session to the store and tells the client its ID (or to forget it), if the response
   * is not committed yet. Safe to call many times: an unchanged session writes nothing again.
   *
   * @throws dev.sojourn.store.StoreException if the store cannot answer
   * @throws dev.sojourn.store.SessionLimitException if the store is full
   */
  void commit() {
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
          manager.commit(session);
          clientIdDead = true;
        } else {
          try {
            manager.commit(session);
            if (!session.isNew()) {
              target = session.id();
            }
          } catch (SessionNotFoundException e) {
            // The session ended meanwhile (revoked, expired, rotated by another request): the
            // client's ID is dead, and this request's changes went nowhere.
            LOG.log(Level.DEBUG, "session ended before this request committed: {0}", e);
            clientIdDead = true;
            current = manager.newSession();
            exists = false;
            view = null;
          }
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
