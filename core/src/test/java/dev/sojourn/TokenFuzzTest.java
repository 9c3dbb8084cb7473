package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.regex.Pattern;

/**
 * Fuzz target: the checks every presented session ID and CSRF token goes through before anything
 * else looks at it (docs/fuzzing.md). {@link TokenGenerator#isWellFormed} must agree with an
 * independent statement of the format (a regular expression over the base58 alphabet), and {@link
 * TokenGenerator#constantTimeEquals} with {@link String#equals}, for any strings, including
 * non-ASCII ones and unpaired surrogates. Neither may throw. Regression inputs: {@code
 * TokenFuzzTestInputs/tokenChecks/}.
 */
class TokenFuzzTest {
  private static final Pattern FORMAT =
      Pattern.compile("[123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz]{32}");

  @FuzzTest(maxDuration = "60s")
  void tokenChecks(FuzzedDataProvider data) {
    String expected =
        data.consumeBoolean() ? TokenGenerator.secure().next() : data.consumeString(40);
    String submitted =
        switch (data.consumeInt(0, 3)) {
          case 0 -> expected;
          case 1 -> mutate(expected, data);
          default -> data.consumeRemainingAsString();
        };
    for (String s : new String[] {expected, submitted}) {
      assertThat(TokenGenerator.isWellFormed(s))
          .as("isWellFormed(%s)", s)
          .isEqualTo(FORMAT.matcher(s).matches());
    }
    assertThat(TokenGenerator.constantTimeEquals(expected, submitted))
        .as("constantTimeEquals(%s, %s)", escape(expected), escape(submitted))
        .isEqualTo(expected.equals(submitted));
    assertThat(TokenGenerator.constantTimeEquals(submitted, expected))
        .isEqualTo(expected.equals(submitted));
    assertThat(TokenGenerator.constantTimeEquals(null, submitted)).isFalse();
    assertThat(TokenGenerator.constantTimeEquals(expected, null)).isFalse();
  }

  /** {@code s} with one character replaced by a fuzzer-chosen one. */
  private static String mutate(String s, FuzzedDataProvider data) {
    if (s.isEmpty()) {
      return String.valueOf(data.consumeChar());
    }
    int at = data.consumeInt(0, s.length() - 1);
    return s.substring(0, at) + data.consumeChar() + s.substring(at + 1);
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return out.toString();
  }
}
