package dev.sojourn.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the primitives {@link ByteWriter} writes. Every read checks the remaining length first, so
 * garbage input fails with a {@link CodecException} instead of a huge allocation or an index error.
 */
final class ByteReader {
  private final byte[] bytes;
  private int position;

  ByteReader(byte[] bytes) {
    this.bytes = bytes;
  }

  int readByte() {
    require(1);
    return bytes[position++] & 0xff;
  }

  int readInt() {
    require(4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (bytes[position++] & 0xff);
    }
    return v;
  }

  long readLong() {
    require(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[position++] & 0xff);
    }
    return v;
  }

  int readVarint() {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = readByte();
      v |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (v < 0) {
          throw new CodecException("negative length " + v + " at byte " + position);
        }
        return v;
      }
    }
    throw new CodecException("varint longer than 5 bytes at byte " + position);
  }

  /** Reads a count of items that each take at least one byte, so it cannot exceed what is left. */
  int readCount() {
    int count = readVarint();
    require(count);
    return count;
  }

  byte[] readBytes() {
    int length = readVarint();
    require(length);
    byte[] out = Arrays.copyOfRange(bytes, position, position + length);
    position += length;
    return out;
  }

  /**
   * Reads a UTF-8 string. Malformed UTF-8 is refused, not replaced: the JDK decoder turns it into
   * U+FFFD, so a string holding U+FFFD is checked to re-encode to exactly the bytes it came from.
   */
  String readString() {
    int length = readVarint();
    require(length);
    String s = new String(bytes, position, length, StandardCharsets.UTF_8);
    if (s.indexOf('\uFFFD') >= 0) {
      byte[] again = s.getBytes(StandardCharsets.UTF_8);
      if (!Arrays.equals(again, 0, again.length, bytes, position, position + length)) {
        throw new CodecException("malformed UTF-8 in the string at byte " + position);
      }
    }
    position += length;
    return s;
  }

  boolean hasRemaining() {
    return position < bytes.length;
  }

  int position() {
    return position;
  }

  private void require(int n) {
    if (bytes.length - position < n) {
      throw new CodecException(
          "truncated: needed " + n + " more bytes at byte " + position + " of " + bytes.length);
    }
  }
}
