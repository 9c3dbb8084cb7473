package dev.sojourn.servlet;

import dev.sojourn.Session;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Refuses cross-site request forgery on unsafe methods ({@code POST}, {@code PUT}, {@code PATCH},
 * {@code DELETE}, and any method not known to be safe); {@code GET}, {@code HEAD}, {@code OPTIONS}
 * and {@code TRACE} pass. Map it after {@link SessionFilter}, on every path that renders or checks
 * a token. An unsafe request passes only if all of these hold, checked in this order:
 *
 * <ol>
 *   <li>{@code Sec-Fetch-Site}, if sent, is exactly one of {@code same-origin}, {@code same-site}
 *       or {@code none}. Anything else (two values, a list, an unknown or empty value) is treated
 *       as {@code cross-site}: a header a browser never sends comes from something we cannot trust.
 *   <li>{@code Origin}, if sent, is one of the {@linkplain Builder#allowedOrigin allowed origins}
 *       (by default: the request's own scheme, host and port), whether or not {@code
 *       Sec-Fetch-Site} was sent: {@code same-site} includes sibling hosts, which may not be ours.
 *       {@code Origin: null} is refused; browsers send it for the form posts of a page served with
 *       {@code Referrer-Policy: no-referrer}, so serve pages with {@code same-origin} or {@code
 *       strict-origin-when-cross-origin} instead.
 *   <li>the request carries the CSRF token (see {@link #token}), masked or raw, in the {@value
 *       #HEADER} header or, for {@code application/x-www-form-urlencoded}, the {@value #FIELD}
 *       field of the body. The query string is never read: URLs leak through logs, history and
 *       {@code Referer}. A {@code multipart/form-data} body is not parsed either (that would buffer
 *       an upload before the request is authorized, and depends on the servlet's multipart
 *       configuration): send the header. Spring Security reads the parameter, query string
 *       included, and asks for its {@code MultipartFilter} before it for multipart; we chose one
 *       rule that holds on every container.
 *   <li>the token is the session's, compared in constant time; or, while the request has no
 *       signed-in session, the visitor's pre-session token.
 * </ol>
 *
 * <p>Otherwise the answer is {@code 403} with a plain-text message that says which check failed.
 *
 * <p><b>A visitor without a session costs nothing.</b> A page that shows a form to an anonymous
 * visitor needs a token, and storing a session for every page view would let a flood of cookieless
 * requests fill the store and evict real visitors. Until the visitor has a session, {@link #token}
 * hands out a stateless token, {@code HMAC-SHA256(key, nonce)}, where the nonce lives only in a
 * small cookie ({@value #COOKIE} by default, with the session cookie's attributes: {@code Secure},
 * {@code HttpOnly}, {@code SameSite=Lax}). Only a browser holding that cookie can use the token,
 * and a {@code __Host-} cookie cannot be planted by another site. Once the session is signed in,
 * only the session's own token passes (it rotates at sign-in). The key is {@linkplain Builder#key
 * given} (the same bytes on every node of a cluster) or random per process: then a restart
 * invalidates forms rendered before it (the visitor reloads the page).
 *
 * <p>Thread-safe: one filter serves all requests.
 */
public final class CsrfFilter implements Filter {
  /** The request header that carries the token. */
  public static final String HEADER = "X-CSRF-Token";

  /** The form field that carries the token. */
  public static final String FIELD = "_csrf";

  /** The default name of the cookie that binds a pre-session token to the browser. */
  public static final String COOKIE = "__Host-sojourn-csrf";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final OriginCheck origins;
  private final PreSessionTokens preSession;

  private CsrfFilter(Builder builder) {
    this.origins = new OriginCheck(builder.origins);
    byte[] key = builder.key;
    this.preSession =
        new PreSessionTokens(key != null ? key : PreSessionTokens.randomKey(), builder.cookie);
  }

  /** {@return a new builder: the request's own origin only, a random key, the default cookie} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a filter that accepts only the request's own origin, with a random key (a restart
   * invalidates the pre-session tokens handed out before it)}
   */
  public static CsrfFilter create() {
    return builder().build();
  }

  /**
   * Returns the CSRF token for this response, for a page to put in the {@value #FIELD} field or a
   * script to send in the {@value #HEADER} header: THE call an application makes. Each call returns
   * a fresh mask of the same secret (against BREACH), and every mask passes.
   *
   * <p>If the request has a stored or signed-in session, the secret is the session's token (it
   * rotates with the session ID at sign-in). Otherwise no session is started or stored: the secret
   * is the visitor's pre-session token, and the first call in a response without the pre-session
   * cookie sets it. Call it after the request's sign-in or sign-out and before the response is
   * committed. The response gets {@code Cache-Control: no-store}: a page with a token is for one
   * visitor only.
   *
   * @param request the current request, which both filters handled
   * @return the masked token; a different string on every call, each of which passes the check
   * @throws IllegalStateException if no {@link CsrfFilter} or no {@link SessionFilter} handled this
   *     request, or if the cookie must be set and the response is already committed
   * @throws dev.sojourn.store.StoreException if the store cannot answer
   */
  public static String token(HttpServletRequest request) {
    CsrfRequest state = CsrfRequest.of(request);
    Session session = SessionFilter.existingSession(request);
    String secret =
        session != null && (!session.isNew() || session.isAuthenticated())
            ? session.csrfToken()
            : state.preSessionToken();
    state.noStore();
    return TokenMask.mask(secret);
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
    request.setAttribute(CsrfRequest.ATTRIBUTE, new CsrfRequest(preSession, request, response));
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
    String refusal = origins.refusal(request);
    if (refusal != null) {
      return refusal;
    }
    String submitted = SubmittedToken.read(request);
    if (submitted == null || submitted.isEmpty()) {
      return SubmittedToken.isMultipart(request)
          ? "CSRF token missing: for multipart/form-data send it in the "
              + HEADER
              + " header (the "
              + FIELD
              + " part of a multipart body is not read)"
          : "CSRF token missing: send it in the "
              + HEADER
              + " header or the "
              + FIELD
              + " field of the body (never in the query string)";
    }
    Session session = SessionFilter.existingSession(request);
    if (session != null && TokenMask.matches(session.csrfToken(), submitted)) {
      return null;
    }
    List<String> nonces = preSession.nonces(request);
    if (session == null || !session.isAuthenticated()) {
      for (String nonce : nonces) {
        if (TokenMask.matches(preSession.token(nonce), submitted)) {
          return null;
        }
      }
    }
    if (session == null && nonces.isEmpty()) {
      return "CSRF token rejected: the request has no session and no "
          + preSession.cookie().name()
          + " cookie (it expired, or the page was not loaded from here); reload the page";
    }
    return "CSRF token does not match this session's token; reload the page";
  }

  /** Builds a {@link CsrfFilter}. Not thread-safe. */
  public static final class Builder {
    private final Set<String> origins = new LinkedHashSet<>();
    private byte @Nullable [] key;
    private CookieSettings cookie = CookieSettings.defaults().toBuilder().name(COOKIE).build();

    private Builder() {}

    /**
     * Allows requests whose {@code Origin} is {@code origin} ({@code scheme://host[:port]}). Once
     * any origin is configured, only configured origins are allowed; set the site's public origin
     * when it runs behind a proxy that terminates TLS.
     *
     * @param origin the origin, compared after normalization (lower-case scheme and host, the
     *     scheme's default port left out); may be called several times
     * @return this builder
     * @throws NullPointerException if {@code origin} is null
     * @throws IllegalArgumentException if {@code origin} is not of the form {@code
     *     scheme://host[:port]}
     */
    public Builder allowedOrigin(String origin) {
      Objects.requireNonNull(origin, "origin");
      String normalized = OriginCheck.normalize(origin);
      if (normalized == null) {
        throw new IllegalArgumentException(
            "allowed origin must be scheme://host[:port], was '" + origin + "'");
      }
      origins.add(normalized);
      return this;
    }

    /**
     * Signs pre-session tokens with {@code key} (copied). Give every node of a cluster the same
     * key, kept secret like a password; without one, the filter makes a random key, and a restart
     * invalidates the forms anonymous visitors loaded before it.
     *
     * @param key the HMAC-SHA256 key; later changes to the array do not affect the filter
     * @return this builder
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code key} is shorter than 32 bytes
     */
    public Builder key(byte[] key) {
      Objects.requireNonNull(key, "key");
      if (key.length < 32) {
        throw new IllegalArgumentException(
            "the CSRF key must be at least 32 bytes, was " + key.length);
      }
      this.key = key.clone();
      return this;
    }

    /**
     * Writes the pre-session cookie with these settings; by default the {@linkplain
     * CookieSettings#defaults() session cookie's defaults} named {@value #COOKIE}. Use the same
     * {@code secure} choice as the session cookie, and a different name.
     *
     * @param settings the cookie's name and attributes, {@code Max-Age} included
     * @return this builder
     * @throws NullPointerException if {@code settings} is null
     */
    public Builder cookie(CookieSettings settings) {
      this.cookie = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** {@return a new filter with these settings; the builder stays usable} */
    public CsrfFilter build() {
      return new CsrfFilter(this);
    }
  }
}
