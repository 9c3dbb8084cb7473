package dev.sojourn.spring.security;

import dev.sojourn.Session;
import dev.sojourn.servlet.SessionFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Keeps the Sojourn session's user in step with Spring Security: when a signed-in {@link
 * SecurityContext} is stored in the session (what {@code HttpSessionSecurityContextRepository} does
 * after a successful sign-in), the session's user becomes the authentication's name ({@link
 * Session#login}), so the store's user index knows every signed-in session (listing, revoking,
 * concurrent session control). From anonymous, {@code login} rotates the ID and the CSRF token;
 * signing in as a different user rotates them too.
 *
 * <p>Map it right after {@link SessionFilter} and before Spring Security's filter chain (the Spring
 * Boot starter does). Storing an empty context does not clear the user: Sojourn has no
 * signed-out-but-alive session; Spring Security's logout invalidates the session, which ends it.
 * Thread-safe.
 */
public final class SessionUserFilter implements Filter {
  private final String attribute;

  /** A filter watching Spring Security's default attribute, {@code SPRING_SECURITY_CONTEXT}. */
  public SessionUserFilter() {
    this(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
  }

  /**
   * A filter watching a custom security context attribute name.
   *
   * @param attribute the session attribute that holds the security context
   * @throws IllegalArgumentException if {@code attribute} is empty
   */
  public SessionUserFilter(String attribute) {
    if (attribute.isEmpty()) {
      throw new IllegalArgumentException("attribute must not be empty");
    }
    this.attribute = attribute;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req instanceof HttpServletRequest request) {
      chain.doFilter(new UserSyncRequest(request, attribute), res);
    } else {
      chain.doFilter(req, res);
    }
  }

  /** Applies a stored context to the Sojourn session of {@code request}. */
  static void apply(HttpServletRequest request, @Nullable Object value) {
    if (!(value instanceof SecurityContext context)) {
      return;
    }
    Authentication authentication = context.getAuthentication();
    if (authentication == null
        || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
      return;
    }
    Session session = SessionFilter.session(request);
    String name = authentication.getName();
    String current = session.user();
    if (current != null && !current.equals(name)) {
      session.rotate();
    }
    session.login(name);
  }

  private static final class UserSyncRequest extends HttpServletRequestWrapper {
    private final String attribute;

    UserSyncRequest(HttpServletRequest request, String attribute) {
      super(request);
      this.attribute = attribute;
    }

    @Override
    public @Nullable HttpSession getSession(boolean create) {
      HttpSession session = super.getSession(create);
      return session == null ? null : new UserSyncSession(session, this, attribute);
    }

    @Override
    public HttpSession getSession() {
      return new UserSyncSession(super.getSession(), this, attribute);
    }
  }
}
