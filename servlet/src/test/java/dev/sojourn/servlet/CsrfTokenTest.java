package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.TokenGenerator;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token arithmetic without a container: masking, the pre-session HMAC, the query count. */
class CsrfTokenTest {
  private static final CookieSettings COOKIE =
      CookieSettings.defaults().toBuilder().name(CsrfFilter.COOKIE).build();

  @Test
  void everyMaskOfAToken_matches_andTheMasksDiffer() {
    TokenGenerator tokens = TokenGenerator.secure();
    Set<String> masks = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String raw = tokens.next();
      String masked = TokenMask.mask(raw);
      assertThat(TokenMask.matches(raw, masked)).isTrue();
      assertThat(TokenMask.matches(raw, raw)).isTrue();
      assertThat(TokenMask.matches(tokens.next(), masked)).isFalse();
      masks.add(masked);
    }
    assertThat(masks).hasSize(10_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"=", "not base64!", "AAAA", "AA==", " ", "\u00e9\u00e9"})
  void malformedSubmissions_doNotMatch_andDoNotThrow(String submitted) {
    String raw = TokenGenerator.secure().next();

    assertThat(TokenMask.matches(raw, submitted)).isFalse();
    assertThat(TokenMask.matches(raw, TokenMask.mask(raw) + submitted)).isFalse();
    assertThat(TokenMask.matches(raw, "")).isFalse();
  }

  @Test
  void aSubmissionLongerThanTheLimit_doesNotMatch() {
    String raw = "a".repeat(TokenMask.MAX_SUBMITTED_LENGTH + 1);

    assertThat(TokenMask.matches(raw, raw)).isFalse();
  }

  @Test
  void nodesWithTheSameKey_computeTheSameToken_andOtherKeysDoNot() {
    byte[] key = PreSessionTokens.randomKey();
    PreSessionTokens first = new PreSessionTokens(key, COOKIE);
    PreSessionTokens second = new PreSessionTokens(key.clone(), COOKIE);
    PreSessionTokens restarted = new PreSessionTokens(PreSessionTokens.randomKey(), COOKIE);
    String nonce = PreSessionTokens.newNonce();

    assertThat(first.token(nonce)).isEqualTo(second.token(nonce)).hasSize(43);
    assertThat(restarted.token(nonce)).isNotEqualTo(first.token(nonce));
    assertThat(first.token(PreSessionTokens.newNonce())).isNotEqualTo(first.token(nonce));
  }

  @Test
  void aNonce_isWellFormedOnlyAs43Base64UrlCharacters() {
    assertThat(PreSessionTokens.isWellFormed(PreSessionTokens.newNonce())).isTrue();
    assertThat(PreSessionTokens.isWellFormed("A".repeat(42))).isFalse();
    assertThat(PreSessionTokens.isWellFormed("A".repeat(44))).isFalse();
    assertThat(PreSessionTokens.isWellFormed("A".repeat(42) + "=")).isFalse();
    assertThat(PreSessionTokens.isWellFormed("A".repeat(42) + "+")).isFalse();
  }

  @Test
  void aKeyShorterThan32Bytes_isRejected() {
    assertThatThrownBy(() -> CsrfFilter.builder().key(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the CSRF key must be at least 32 bytes, was 31");
    CsrfFilter.builder().key(new byte[32]).build();
  }

  @Test
  void theQueryCount_findsEveryEncodingOfTheFieldName() {
    assertThat(SubmittedToken.countInQuery(null)).isZero();
    assertThat(SubmittedToken.countInQuery("a=1&b")).isZero();
    assertThat(SubmittedToken.countInQuery("_csrf=x&%5Fcsrf=y&_csr%66&_csrfx=1")).isEqualTo(3);
    assertThat(SubmittedToken.countInQuery("%zz=1")).as("malformed counts, to refuse").isOne();
  }
}
