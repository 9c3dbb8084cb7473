package dev.sojourn.servlet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.regex.Pattern;

/**
 * Fuzz target: the parsing of the {@code Origin} header the CSRF check compares, {@code
 * OriginCheck#normalize(String)} (docs/fuzzing.md). The input is the header value as UTF-8. Checked
 * for every input: normalizing throws nothing; it returns null or {@code scheme://host[:port]} in
 * lower case with no default port; normalizing its result returns the result (the comparison with
 * an allowed origin is between two values of one form); and {@code Builder.allowedOrigin} accepts
 * exactly the values that normalize, refusing the others with {@link IllegalArgumentException}.
 * Regression inputs: {@code OriginFuzzTestInputs/normalize/}.
 */
class OriginFuzzTest {
  private static final Pattern FORM = Pattern.compile("[a-z][a-z0-9+.-]*://[^/?#@\\s]+");

  @FuzzTest(maxDuration = "60s")
  void normalize(byte[] input) {
    String origin = new String(input, UTF_8);
    String normalized = OriginCheck.normalize(origin);
    if (normalized == null) {
      assertThatThrownBy(() -> CsrfFilter.builder().allowedOrigin(origin))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    assertThat(normalized).matches(FORM).isEqualTo(normalized.toLowerCase(java.util.Locale.ROOT));
    assertThat(normalized).doesNotEndWith(":-1").doesNotEndWith(":");
    if (normalized.startsWith("http://")) {
      assertThat(normalized).doesNotEndWith(":80");
    }
    if (normalized.startsWith("https://")) {
      assertThat(normalized).doesNotEndWith(":443");
    }
    assertThat(OriginCheck.normalize(normalized)).isEqualTo(normalized);
    CsrfFilter.builder().allowedOrigin(origin).build();
  }
}
