package dev.sojourn.spring.security;

import dev.sojourn.Session;
import dev.sojourn.servlet.SessionFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/**
 * Spring Security's {@link CsrfTokenRepository} backed by the Sojourn session's own CSRF token, so
 * an application has one token, not two. Spring's request handlers work on top of it unchanged
 * (with the default {@code XorCsrfTokenRequestAttributeHandler} each response carries a freshly
 * masked copy; the raw token never leaves the server unmasked).
 *
 * <p>Differences from {@code HttpSessionCsrfTokenRepository}, on purpose: the token is not an
 * attribute but the session's, so it renews exactly when the session rotates (sign-in, {@code
 * changeSessionId()}), and {@link #saveToken} stores nothing: saving {@code null} (what Spring does
 * on sign-in and sign-out) is a no-op because rotation and invalidation already renew or end the
 * token, and saving a token stores nothing beyond keeping the session. {@link #generateToken} keeps
 * the session even if it holds nothing else ({@link Session#retain()}), as a form's token must
 * still be valid when the form comes back.
 *
 * <p>Requires {@link SessionFilter} ahead of Spring Security's filter chain; throws {@link
 * IllegalStateException} otherwise. Thread-safe.
 */
public final class SessionCsrfTokenRepository implements CsrfTokenRepository {
  /** Spring Security's default header name. */
  public static final String DEFAULT_HEADER = "X-CSRF-TOKEN";

  /** Spring Security's default form parameter name. */
  public static final String DEFAULT_PARAMETER = "_csrf";

  private final String headerName;
  private final String parameterName;

  /** A repository with Spring Security's default header and parameter names. */
  public SessionCsrfTokenRepository() {
    this(DEFAULT_HEADER, DEFAULT_PARAMETER);
  }

  /**
   * A repository with these names.
   *
   * @param headerName the request header that carries the token
   * @param parameterName the request parameter that carries the token
   * @throws IllegalArgumentException if either is empty
   */
  public SessionCsrfTokenRepository(String headerName, String parameterName) {
    if (Objects.requireNonNull(headerName, "headerName").isEmpty()
        || Objects.requireNonNull(parameterName, "parameterName").isEmpty()) {
      throw new IllegalArgumentException("headerName and parameterName must not be empty");
    }
    this.headerName = headerName;
    this.parameterName = parameterName;
  }

  /** Returns the session's token, starting and keeping a session if the request has none. */
  @Override
  public CsrfToken generateToken(HttpServletRequest request) {
    Session session = SessionFilter.session(request);
    session.retain();
    return new DefaultCsrfToken(headerName, parameterName, session.csrfToken());
  }

  /** Stores nothing: the token is the session's (see the class comment). */
  @Override
  public void saveToken(
      @Nullable CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
    if (token != null) {
      SessionFilter.session(request).retain();
    }
  }

  /** Returns the session's token, or null if the request has no session. */
  @Override
  public @Nullable CsrfToken loadToken(HttpServletRequest request) {
    Session session = SessionFilter.existingSession(request);
    return session == null
        ? null
        : new DefaultCsrfToken(headerName, parameterName, session.csrfToken());
  }
}
