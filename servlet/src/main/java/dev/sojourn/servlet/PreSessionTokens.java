package dev.sojourn.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stateless CSRF token of a visitor who has no session yet: {@code HMAC-SHA256(key, nonce)},
 * where the nonce is 32 random bytes that live only in the visitor's cookie. The server keeps
 * nothing; a token is valid exactly for the browser holding the cookie, and only this server (or a
 * node with the same key) can compute it. See {@link CsrfFilter} for when it is used.
 *
 * <p>Immutable and thread-safe.
 */
final class PreSessionTokens {
  /** Characters of a nonce: 32 bytes in unpadded base64url. */
  static final int NONCE_LENGTH = 43;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] CONTEXT =
      "sojourn pre-session CSRF token v1\0".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final CookieSettings cookie;

  PreSessionTokens(byte[] key, CookieSettings cookie) {
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.cookie = cookie;
  }

  /** A key of 32 random bytes, for a server that was given none. */
  static byte[] randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  CookieSettings cookie() {
    return cookie;
  }

  /**
   * The well-formed nonces in the request's cookies of our name, in order (usually one; more only
   * if someone planted extra cookies, which a {@code __Host-} name prevents).
   */
  List<String> nonces(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    List<String> nonces = new ArrayList<>(1);
    if (cookies == null) {
      return nonces;
    }
    for (Cookie c : cookies) {
      if (cookie.name().equals(c.getName()) && isWellFormed(c.getValue())) {
        nonces.add(c.getValue());
      }
    }
    return nonces;
  }

  /** A fresh nonce. */
  static String newNonce() {
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
  }

  /** The raw (unmasked) token for {@code nonce}: 43 base64url characters. */
  String token(String nonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(CONTEXT);
      byte[] digest = mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  static boolean isWellFormed(String value) {
    if (value.length() != NONCE_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean base64url =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!base64url) {
        return false;
      }
    }
    return true;
  }
}
