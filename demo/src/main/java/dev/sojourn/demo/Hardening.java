package dev.sojourn.demo;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The demo's answers to what a browser should be told on every response, and to {@code TRACE}.
 *
 * <ul>
 *   <li>{@code Content-Security-Policy}: nothing but this origin's forms and the page's one inline
 *       style (by hash), no scripts, no framing ({@code frame-ancestors 'none'}, against
 *       clickjacking); {@code X-Content-Type-Options: nosniff}; {@code Referrer-Policy:
 *       same-origin}, not {@code no-referrer}: under {@code no-referrer} browsers send {@code
 *       Origin: null} on the page's own form posts, which {@code CsrfFilter} rightly refuses.
 *   <li>{@code TRACE} is answered {@code 405}: {@code HttpServlet.doTrace} echoes the request
 *       headers, {@code HttpOnly} session cookie included (Tomcat refuses TRACE by default with
 *       {@code allowTrace=false}; Jetty's servlet layer answers it).
 * </ul>
 */
final class Hardening implements Filter {
  /** The policy; the style hash is that of {@link Html#STYLE}. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src '"
          + sha256(Html.STYLE)
          + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    apply(response);
    if (request.getMethod().toUpperCase(Locale.ROOT).equals("TRACE")) {
      response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      response.setHeader("Allow", "GET, HEAD, POST, OPTIONS");
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().write("405 Method Not Allowed\n");
      return;
    }
    chain.doFilter(req, res);
  }

  /** Sets the security headers on {@code response}. */
  static void apply(HttpServletResponse response) {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
