package dev.sojourn;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Generates session IDs and CSRF tokens: 32 characters of the Bitcoin base58 alphabet drawn
 * uniformly from a CSPRNG, about 187 bits of entropy each.
 *
 * <p>Thread-safe and contention-free in practice: the JDK's {@code NativePRNG} and {@code DRBG}
 * lock per instance, so this class keeps a small stripe of independently seeded {@code DRBG}
 * instances and picks one by the calling thread's ID, instead of serialising every request on one
 * shared {@link SecureRandom}. The stripe is bounded (twice the processor count, rounded up to a
 * power of two), so it stays small under virtual threads too.
 *
 * <p>Characters are drawn by rejection sampling (bytes at or above 232 = 4 * 58 are discarded), so
 * every character of the alphabet is equally likely.
 */
public final class TokenGenerator {
  /** Length of every token this class generates and accepts. */
  public static final int LENGTH = 32;

  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final int REJECT_FROM = 232;
  private static final boolean[] IN_ALPHABET = new boolean[128];

  static {
    for (int i = 0; i < ALPHABET.length(); i++) {
      IN_ALPHABET[ALPHABET.charAt(i)] = true;
    }
  }

  private static final TokenGenerator DEFAULT = new TokenGenerator();

  private final SecureRandom[] stripes;
  private final int mask;

  private TokenGenerator() {
    int wanted = Math.min(64, Math.max(2, Runtime.getRuntime().availableProcessors() * 2));
    int size = Integer.highestOneBit(wanted);
    if (size < wanted) {
      size <<= 1;
    }
    stripes = new SecureRandom[size];
    for (int i = 0; i < size; i++) {
      stripes[i] = newRandom();
    }
    mask = size - 1;
  }

  /** {@return the process-wide generator, safe to share between threads} */
  public static TokenGenerator secure() {
    return DEFAULT;
  }

  /** {@return a fresh token: {@value #LENGTH} base58 characters from a {@code SecureRandom}} */
  public String next() {
    SecureRandom random = stripes[(int) Thread.currentThread().getId() & mask];
    byte[] out = new byte[LENGTH];
    byte[] buffer = new byte[48];
    int filled = 0;
    while (filled < LENGTH) {
      random.nextBytes(buffer);
      for (int i = 0; i < buffer.length && filled < LENGTH; i++) {
        int b = buffer[i] & 0xff;
        if (b < REJECT_FROM) {
          out[filled++] = (byte) ALPHABET.charAt(b % 58);
        }
      }
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /**
   * Tells whether {@code token} has the shape of a token this class generates: exactly {@value
   * #LENGTH} characters, all from the base58 alphabet. A value that fails this check never reaches
   * a store.
   *
   * @param token the value a client sent, or null
   * @return true if it is well-formed (not whether any session has it)
   */
  public static boolean isWellFormed(@org.jspecify.annotations.Nullable String token) {
    if (token == null || token.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = token.charAt(i);
      if (c >= 128 || !IN_ALPHABET[c]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Compares two tokens in time that does not depend on where they differ, so that a comparison of
   * a submitted CSRF token leaks nothing through timing (only the lengths). True exactly when
   * {@link String#equals} is: the strings' UTF-16 code units are compared, not an encoding of them,
   * which would map every unpaired surrogate to {@code ?}. A null argument is never equal.
   *
   * @param expected the token the server holds, or null
   * @param actual the token the client sent, or null
   * @return whether both are non-null and equal
   */
  public static boolean constantTimeEquals(
      @org.jspecify.annotations.Nullable String expected,
      @org.jspecify.annotations.Nullable String actual) {
    if (expected == null || actual == null) {
      return false;
    }
    int length = expected.length();
    int actualLength = actual.length();
    int difference = length ^ actualLength;
    for (int i = 0; i < length; i++) {
      difference |= expected.charAt(i) ^ (i < actualLength ? actual.charAt(i) : 0);
    }
    return difference == 0;
  }

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
