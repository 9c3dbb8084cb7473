package dev.sojourn.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One request's view of the {@link CsrfFilter}: where {@link CsrfFilter#token} finds the key and
 * the response to set the pre-session cookie on. Guarded by its own lock, so that an async thread
 * may ask for a token too.
 */
final class CsrfRequest {
  static final String ATTRIBUTE = CsrfRequest.class.getName();

  private final PreSessionTokens tokens;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private @Nullable String nonce;

  CsrfRequest(PreSessionTokens tokens, HttpServletRequest request, HttpServletResponse response) {
    this.tokens = tokens;
    this.request = request;
    this.response = response;
  }

  static CsrfRequest of(HttpServletRequest request) {
    if (request.getAttribute(ATTRIBUTE) instanceof CsrfRequest state) {
      return state;
    }
    throw new IllegalStateException(
        "no CsrfFilter handled this request: map CsrfFilter after SessionFilter on every path"
            + " that renders a CSRF token (request "
            + request.getRequestURI()
            + ")");
  }

  /** The visitor's pre-session token, raw; sets the cookie if the visitor has none yet. */
  synchronized String preSessionToken() {
    String n = nonce;
    if (n == null) {
      List<String> presented = tokens.nonces(request);
      if (presented.isEmpty()) {
        if (response.isCommitted()) {
          throw new IllegalStateException(
              "CsrfFilter.token needs to set the "
                  + tokens.cookie().name()
                  + " cookie, but the response is already committed: ask for the token before"
                  + " writing the body");
        }
        n = PreSessionTokens.newNonce();
        response.addHeader("Set-Cookie", tokens.cookie().setCookie(n));
      } else {
        n = presented.get(0);
      }
      nonce = n;
    }
    return tokens.token(n);
  }

  /** Marks the response as one visitor's. */
  void noStore() {
    if (!response.isCommitted()) {
      response.setHeader("Cache-Control", "no-store");
    }
  }
}
