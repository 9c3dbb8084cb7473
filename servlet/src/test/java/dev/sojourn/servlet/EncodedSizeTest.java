package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncodedSizeTest {
  private static final String MIXED = "aé€😀";

  @ParameterizedTest
  @ValueSource(strings = {"UTF-8", "utf-8", "ISO-8859-1", "US-ASCII"})
  void exactEncodings_countTheBytesTheEncoderWrites(String encoding) {
    String text = encoding.startsWith("UTF") ? MIXED : "plain text";

    long counted = EncodedSize.of(encoding).of(text, 0, text.length());

    assertThat(counted).isEqualTo(text.getBytes(Charset.forName(encoding)).length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTF-16", "UTF-16BE", "UTF-32", "Shift_JIS", "GB18030"})
  void otherEncodings_countAnUpperBound(String encoding) {
    long counted = EncodedSize.of(encoding).of(MIXED.toCharArray(), 0, MIXED.length());

    assertThat(counted).isGreaterThanOrEqualTo(MIXED.getBytes(Charset.forName(encoding)).length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-such-charset", "bad name!"})
  void unknownEncodings_countFourBytesPerChar(String encoding) {
    assertThat(EncodedSize.of(encoding).of("abc", 0, 3)).isEqualTo(12);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void aSliceCountsOnlyItsChars(int off) {
    assertThat(EncodedSize.of("UTF-8").of("a€a", off, 1)).isEqualTo(off == 1 ? 3 : 1);
  }
}
