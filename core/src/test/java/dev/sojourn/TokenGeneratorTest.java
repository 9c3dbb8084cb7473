package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenGeneratorTest {
  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private final TokenGenerator tokens = TokenGenerator.secure();

  @Test
  void next_returns32Base58Characters() {
    String token = tokens.next();
    assertThat(token).hasSize(32);
    assertThat(token.chars()).allMatch(c -> ALPHABET.indexOf(c) >= 0);
    assertThat(TokenGenerator.isWellFormed(token)).isTrue();
  }

  @Test
  void next_neverRepeats_in100kTokens() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(tokens.next())).isTrue();
    }
  }

  @Test
  void next_usesEveryCharacterAboutEquallyOften() {
    Map<Character, Integer> counts = new HashMap<>();
    int tokenCount = 20_000;
    for (int i = 0; i < tokenCount; i++) {
      for (char c : tokens.next().toCharArray()) {
        counts.merge(c, 1, Integer::sum);
      }
    }
    double expected = tokenCount * 32.0 / 58;
    assertThat(counts).hasSize(58);
    // 11033 expected per character; +-6% is more than 6 standard deviations (sd ~ 104).
    assertThat(counts.values())
        .allSatisfy(n -> assertThat(Math.abs(n - expected)).isLessThan(expected * 0.06));
  }

  @Test
  void isWellFormed_rejectsWrongLengthAndForeignCharacters() {
    String good = tokens.next();
    assertThat(TokenGenerator.isWellFormed(null)).isFalse();
    assertThat(TokenGenerator.isWellFormed("")).isFalse();
    assertThat(TokenGenerator.isWellFormed(good.substring(1))).isFalse();
    assertThat(TokenGenerator.isWellFormed(good + "a")).isFalse();
    assertThat(TokenGenerator.isWellFormed("0" + good.substring(1))).isFalse();
    assertThat(TokenGenerator.isWellFormed("l" + good.substring(1))).isFalse();
    assertThat(TokenGenerator.isWellFormed("é" + good.substring(1))).isFalse();
    assertThat(TokenGenerator.isWellFormed("../../etc/passwd/aaaaaaaaaaaaaaaa")).isFalse();
  }

  @Test
  void constantTimeEquals_comparesValues() {
    String token = tokens.next();
    assertThat(TokenGenerator.constantTimeEquals(token, new String(token.toCharArray()))).isTrue();
    assertThat(TokenGenerator.constantTimeEquals(token, tokens.next())).isFalse();
    assertThat(TokenGenerator.constantTimeEquals(token, null)).isFalse();
    assertThat(TokenGenerator.constantTimeEquals(null, null)).isFalse();
  }
}
