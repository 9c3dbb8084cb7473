package dev.sojourn.servlet;

import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * How many bytes characters take in a response's encoding, so that {@link SessionResponse} commits
 * the session before the container's buffer fills: exact for UTF-8, ISO-8859-1 and US-ASCII, an
 * upper bound (the encoder's most bytes per character, 4 for an unknown encoding) for the others.
 * Immutable and thread-safe.
 */
abstract class EncodedSize {
  abstract long of(CharSequence chars, int off, int len);

  long of(char[] chars, int off, int len) {
    return of(CharBuffer.wrap(chars), off, len);
  }

  static EncodedSize of(@Nullable String encoding) {
    Charset charset;
    try {
      charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      // The container will fail on it; until then, assume the widest encoding there is.
      return perChar(4);
    }
    if (charset.equals(StandardCharsets.UTF_8)) {
      return new Utf8();
    }
    if (charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(StandardCharsets.US_ASCII)) {
      return perChar(1);
    }
    float most = charset.canEncode() ? charset.newEncoder().maxBytesPerChar() : 4;
    return perChar((int) Math.ceil(most));
  }

  static EncodedSize perChar(int bytes) {
    return new EncodedSize() {
      @Override
      long of(CharSequence chars, int off, int len) {
        return (long) len * bytes;
      }
    };
  }

  /** UTF-8, exactly: a surrogate pair is 4 bytes, counted 2 per half (a lone one, 2: at least). */
  private static final class Utf8 extends EncodedSize {
    @Override
    long of(CharSequence chars, int off, int len) {
      long bytes = 0;
      for (int i = off; i < off + len; i++) {
        char c = chars.charAt(i);
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
      }
      return bytes;
    }
  }
}
