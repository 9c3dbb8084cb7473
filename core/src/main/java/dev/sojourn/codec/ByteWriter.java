package dev.sojourn.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the primitive writes of the stored format. */
final class ByteWriter {
  private byte[] bytes = new byte[32];
  private int size;

  void writeByte(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  void writeInt(int v) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (v >>> shift);
    }
  }

  void writeLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (v >>> shift);
    }
  }

  /** Writes a non-negative int in 7-bit groups, low group first. */
  void writeVarint(int v) {
    while ((v & ~0x7f) != 0) {
      writeByte((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    writeByte(v);
  }

  void writeBytes(byte[] b) {
    writeVarint(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, bytes, size, b.length);
    size += b.length;
  }

  void writeString(String s) {
    writeBytes(utf8(s));
  }

  /**
   * The UTF-8 bytes of {@code s}, refusing a string that has none: {@link String#getBytes} would
   * write {@code ?} for an unpaired surrogate, and the value would come back changed.
   *
   * @throws CodecException if {@code s} holds an unpaired surrogate
   */
  static byte[] utf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          throw new CodecException(
              "a string with an unpaired surrogate (at index " + i + ") has no UTF-8 form");
        }
      }
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
