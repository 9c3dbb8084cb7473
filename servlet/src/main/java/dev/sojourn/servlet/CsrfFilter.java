package dev.sojourn.servlet;

import dev.sojourn.Session;
import dev.sojourn.TokenGenerator;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Refuses cross-site request forgery on unsafe methods ({@code POST}, {@code PUT}, {@code PATCH},
 * {@code DELETE}, and any method not known to be safe); {@code GET}, {@code HEAD}, {@code OPTIONS}
 * and {@code TRACE} pass. Map it after {@link SessionFilter}. An unsafe request passes only if all
 * of these hold, checked in this order:
 *
 * <ol>
 *   <li>{@code Sec-Fetch-Site} is not {@code cross-site};
 *   <li>where {@code Sec-Fetch-Site} is absent (older browsers, non-browser clients), an {@code
 *       Origin} header, if sent, is one of the {@linkplain Builder#allowedOrigin allowed origins}
 *       (by default: the request's own scheme, host and port);
 *   <li>the request carries the session's CSRF token in the {@value #HEADER} header or the {@value
 *       #FIELD} form field, and it equals the token in constant time.
 * </ol>
 *
 * <p>Otherwise the answer is {@code 403} with a plain-text message that says which check failed.
 * Pages get the token from {@link #token}; it rotates with the session ID at login. Thread-safe.
 */
public final class CsrfFilter implements Filter {
  /** The request header that carries the token. */
  public static final String HEADER = "X-CSRF-Token";

  /** The form field that carries the token. */
  public static final String FIELD = "_csrf";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final Set<String> allowedOrigins;

  private CsrfFilter(Builder builder) {
    this.allowedOrigins = Set.copyOf(builder.origins);
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a filter that accepts only the request's own origin. */
  public static CsrfFilter create() {
    return builder().build();
  }

  /**
   * Returns the CSRF token of the request's session, for a page to put in a form field or a script
   * to send in the header. Starts the session if there is none, and makes sure it is stored so that
   * the token is still valid when the form comes back.
   *
   * @throws IllegalStateException if no {@link SessionFilter} handled this request
   * @throws dev.sojourn.store.StoreException if the store cannot answer
   */
  public static String token(HttpServletRequest request) {
    Session session = SessionFilter.session(request);
    // Lazy creation would not store an empty session, and its token would die with the request.
    session.retain();
    return session.csrfToken();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    if (SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
      chain.doFilter(req, res);
      return;
    }
    String refusal = check(request);
    if (refusal != null) {
      response.resetBuffer();
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setContentType("text/plain;charset=UTF-8");
      response.setHeader("Cache-Control", "no-store");
      response.getWriter().write("403 Forbidden: " + refusal + "\n");
      return;
    }
    chain.doFilter(req, res);
  }

  private @Nullable String check(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) {
      if (site.trim().equalsIgnoreCase("cross-site")) {
        return "cross-site request refused (Sec-Fetch-Site: cross-site)";
      }
    } else {
      String origin = request.getHeader("Origin");
      if (origin != null && !isAllowed(origin, request)) {
        return "origin check failed: Origin '" + printable(origin) + "' is not an allowed origin";
      }
    }
    String submitted = request.getHeader(HEADER);
    if (submitted == null && isForm(request)) {
      try {
        submitted = request.getParameter(FIELD);
      } catch (IllegalStateException unreadable) {
        submitted = null;
      }
    }
    if (submitted == null || submitted.isEmpty()) {
      return "CSRF token missing: send it in the " + HEADER + " header or the " + FIELD + " field";
    }
    Session session = SessionFilter.existingSession(request);
    if (session == null) {
      return "CSRF token rejected: the request has no session (it expired or never started);"
          + " reload the page";
    }
    if (!TokenGenerator.constantTimeEquals(session.csrfToken(), submitted)) {
      return "CSRF token does not match this session's token; reload the page";
    }
    return null;
  }

  private boolean isAllowed(String origin, HttpServletRequest request) {
    String normalized = normalize(origin);
    if (normalized == null) {
      return false;
    }
    if (!allowedOrigins.isEmpty()) {
      return allowedOrigins.contains(normalized);
    }
    return normalized.equals(
        normalize(
            request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()));
  }

  private static boolean isForm(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null) {
      return false;
    }
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.startsWith("application/x-www-form-urlencoded")
        || lower.startsWith("multipart/form-data");
  }

  /** {@code scheme://host[:port]} in lower case without a default port, or null if malformed. */
  static @Nullable String normalize(String origin) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(origin.trim());
    } catch (java.net.URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null || host == null || (uri.getPath() != null && uri.getPath().length() > 1)) {
      return null;
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }

  private static String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && out.length() < 100; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }

  /** Builds a {@link CsrfFilter}. Not thread-safe. */
  public static final class Builder {
    private final Set<String> origins = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Allows requests whose {@code Origin} is {@code origin} ({@code scheme://host[:port]}). Once
     * any origin is configured, only configured origins are allowed; set the site's public origin
     * when it runs behind a proxy that terminates TLS.
     *
     * @throws IllegalArgumentException if {@code origin} is not of the form {@code
     *     scheme://host[:port]}
     */
    public Builder allowedOrigin(String origin) {
      Objects.requireNonNull(origin, "origin");
      String normalized = normalize(origin);
      if (normalized == null) {
        throw new IllegalArgumentException(
            "allowed origin must be scheme://host[:port], was '" + origin + "'");
      }
      origins.add(normalized);
      return this;
    }

    /** Returns the filter. */
    public CsrfFilter build() {
      return new CsrfFilter(this);
    }
  }
}
