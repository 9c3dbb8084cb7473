package dev.sojourn.servlet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The per-response mask of a CSRF token, against BREACH: a page that is compressed together with
 * attacker-chosen text must not repeat the same secret in every response, or the compressed length
 * reveals it byte by byte. A masked token is {@code base64url(pad || pad XOR token)} with a fresh
 * random pad of the token's length, as Spring Security's {@code
 * XorCsrfTokenRequestAttributeHandler} does (6.0 and later). Unlike Spring Security's default,
 * {@link #matches} also accepts the raw token, so that an API client that read {@code
 * Session.csrfToken()} needs no unmasking step; the raw token never appears in a page we render, so
 * BREACH has nothing to compare against.
 *
 * <p>Stateless and thread-safe.
 */
final class TokenMask {
  /** Longest submitted value looked at: a masked token of a few hundred bytes at most. */
  static final int MAX_SUBMITTED_LENGTH = 512;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private TokenMask() {}

  /** Masks {@code raw} (ASCII) with a fresh random pad. */
  static String mask(String raw) {
    byte[] token = raw.getBytes(StandardCharsets.US_ASCII);
    byte[] pad = new byte[token.length];
    RANDOM.nextBytes(pad);
    byte[] out = new byte[token.length * 2];
    for (int i = 0; i < token.length; i++) {
      out[i] = pad[i];
      out[token.length + i] = (byte) (pad[i] ^ token[i]);
    }
    return ENCODER.encodeToString(out);
  }

  /**
   * Tells whether {@code submitted} is {@code raw} itself or any mask of it, in time that does not
   * depend on where they differ. Malformed input (not base64url, wrong length, too long) is false,
   * never an exception.
   */
  static boolean matches(String raw, String submitted) {
    if (submitted.isEmpty() || submitted.length() > MAX_SUBMITTED_LENGTH) {
      return false;
    }
    byte[] token = raw.getBytes(StandardCharsets.US_ASCII);
    if (MessageDigest.isEqual(token, submitted.getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    byte[] decoded;
    try {
      decoded = DECODER.decode(submitted);
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    if (decoded.length != token.length * 2) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < token.length; i++) {
      difference |= (decoded[i] ^ decoded[token.length + i]) ^ token[i];
    }
    return difference == 0;
  }
}
