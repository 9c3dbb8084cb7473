package dev.sojourn.benchmarks;

import dev.sojourn.TokenGenerator;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Session IDs and CSRF tokens of the shape {@link TokenGenerator} makes (32 base58 characters), but
 * from a seeded, fast, non-secure generator: every store under test gets the very same IDs, and
 * making them costs little next to what is measured. Never use these outside benchmarks.
 */
final class Tokens {
  private static final byte[] ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
          .getBytes(StandardCharsets.ISO_8859_1);

  private final SplittableRandom random;

  Tokens(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A fresh 32-character base58 token. */
  String next() {
    byte[] out = new byte[TokenGenerator.LENGTH];
    int filled = 0;
    while (filled < out.length) {
      long bits = random.nextLong();
      // Ten 6-bit draws per long; 58 of 64 values are kept, so the characters stay uniform.
      for (int i = 0; i < 10 && filled < out.length; i++, bits >>>= 6) {
        int v = (int) (bits & 63);
        if (v < 58) {
          out[filled++] = ALPHABET[v];
        }
      }
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }
}
