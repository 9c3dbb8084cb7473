package dev.sojourn.spring.security;

import dev.sojourn.SessionManager;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.UserIndex;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * Spring Security's {@link SessionRegistry} backed by the store's {@link UserIndex}, so concurrent
 * session control ({@code sessionManagement().maximumSessions(n)}) counts a user's sessions on
 * every node sharing the store. Spring Security picks up a {@code SessionRegistry} bean by itself;
 * the Spring Boot starter defines this one.
 *
 * <p>Sessions are listed by the principal's name (a {@code String}, {@link UserDetails}, {@link
 * AuthenticatedPrincipal} or {@link Principal}), which is the Sojourn session's user. {@link
 * SessionInformation#expireNow()} on what this registry returns ends the session in the store at
 * once (revocation), instead of marking it for {@code ConcurrentSessionFilter}; so "expire the
 * oldest" and "refuse the new sign-in" both work across nodes.
 *
 * <p>Differences from {@code SessionRegistryImpl}, each on purpose: {@link #getAllPrincipals()} is
 * unsupported (listing every user would be a scan of all sessions, as in Spring Session's
 * registry); {@link #registerNewSession}, {@link #refreshLastRequest} and {@link
 * #removeSessionInformation} do nothing, because the index follows the sessions themselves (signing
 * in sets the user, ending a session removes it); ended sessions are never listed, so {@code
 * includeExpiredSessions} changes nothing. Thread-safe.
 */
public final class UserIndexSessionRegistry implements SessionRegistry {
  private final SessionManager manager;
  private final UserIndex index;

  /**
   * A registry over the sessions of {@code manager}.
   *
   * @param manager the session manager whose store is a {@link UserIndex}
   * @throws IllegalArgumentException if the manager's store is not a {@link UserIndex}
   */
  public UserIndexSessionRegistry(SessionManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
    if (!(manager.store() instanceof UserIndex userIndex)) {
      throw new IllegalArgumentException(
          "concurrent session control needs a store with a user index; "
              + manager.store().getClass().getName()
              + " has none");
    }
    this.index = userIndex;
  }

  /**
   * Unsupported: listing every signed-in user would scan every session.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public List<Object> getAllPrincipals() {
    throw new UnsupportedOperationException(
        "UserIndexSessionRegistry does not list all principals; list one user's sessions instead");
  }

  @Override
  public List<SessionInformation> getAllSessions(Object principal, boolean includeExpired) {
    String user = nameOf(principal);
    List<SessionInformation> sessions = new ArrayList<>();
    for (Snapshot snapshot : index.sessionsOf(user)) {
      sessions.add(new Revocable(principal, snapshot, user));
    }
    return sessions;
  }

  @Override
  public @Nullable SessionInformation getSessionInformation(String sessionId) {
    Snapshot snapshot = manager.store().load(sessionId);
    String user = snapshot == null ? null : snapshot.user();
    return snapshot == null || user == null ? null : new Revocable(user, snapshot, user);
  }

  /** Does nothing: reading a session already renews its idle deadline. */
  @Override
  public void refreshLastRequest(String sessionId) {}

  /** Does nothing: the index learns a session when signing in sets its user. */
  @Override
  public void registerNewSession(String sessionId, Object principal) {}

  /** Does nothing: an ended session leaves the index by itself. */
  @Override
  public void removeSessionInformation(String sessionId) {}

  static String nameOf(Object principal) {
    if (principal instanceof String name) {
      return name;
    }
    if (principal instanceof UserDetails details) {
      return details.getUsername();
    }
    if (principal instanceof AuthenticatedPrincipal authenticated) {
      return authenticated.getName();
    }
    if (principal instanceof Principal named) {
      return named.getName();
    }
    return principal.toString();
  }

  /** A listed session whose {@link #expireNow()} revokes it in the store. */
  private final class Revocable extends SessionInformation {
    private static final long serialVersionUID = 1L;
    private final String user;

    Revocable(Object principal, Snapshot snapshot, String user) {
      super(principal, snapshot.id(), new Date(snapshot.lastAccessedAtMillis()));
      this.user = user;
    }

    @Override
    public void expireNow() {
      super.expireNow();
      manager.revoke(user, getSessionId());
    }
  }
}
