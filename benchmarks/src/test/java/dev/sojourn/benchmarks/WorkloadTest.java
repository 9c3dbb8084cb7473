package dev.sojourn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.TokenGenerator;
import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.store.Snapshot;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.session.MapSession;

/** Every implementation does the same work for the same operation, and the inputs are sound. */
class WorkloadTest {
  @ParameterizedTest
  @ValueSource(strings = {"sojourn", "caffeine", "spring", "map", "map-clock"})
  void operations_storeLoadUpdateAndDrop_theSameSession(String impl) {
    Tokens tokens = new Tokens(3);
    try (Subject subject = Subject.open(impl, Duration.ofSeconds(1))) {
      String id = tokens.next();
      String fresh = tokens.next();
      subject.preload(id, tokens.next(), "alice", "item-1", Subject.TTL);
      subject.update(id, "item-2");
      subject.create(fresh, tokens.next(), "item-3");

      assertThat(attribute(subject.get(id))).isEqualTo("item-2");
      assertThat(attribute(subject.get(fresh))).isEqualTo("item-3");
      assertThat(subject.size()).isEqualTo(2);
      subject.drop(fresh);
      assertThat(subject.get(fresh)).isNull();
      assertThatThrownBy(() -> subject.update(fresh, "x"))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  private static @Nullable Object attribute(@Nullable Object loaded) {
    assertThat(loaded).isNotNull();
    if (loaded instanceof Snapshot) {
      byte[] encoded = ((Snapshot) loaded).attributes().get(Subject.ATTRIBUTE);
      assertThat(encoded).isNotNull();
      return AttributeCodec.defaults().decode(Objects.requireNonNull(encoded));
    }
    return ((MapSession) Objects.requireNonNull(loaded)).getAttribute(Subject.ATTRIBUTE);
  }

  @Test
  void tokens_haveTheShapeOfRealTokens_andDoNotRepeat() {
    Tokens tokens = new Tokens(5);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String token = tokens.next();
      assertThat(TokenGenerator.isWellFormed(token)).isTrue();
      assertThat(seen.add(token)).isTrue();
    }
    assertThat(new Tokens(9).next()).isEqualTo(new Tokens(9).next());
  }

  @Test
  void zipfKeys_favourTheHottestSession_byAboutOneOverHarmonicN() {
    int n = 1000;
    int[] counts = new int[n];
    for (int index : KeyTable.of("zipf", n, 11)) {
      counts[index]++;
    }
    int hottest = 0;
    for (int count : counts) {
      hottest = Math.max(hottest, count);
    }
    // H(1000) is about 7.485, so the top rank draws about 13.4% of the time.
    assertThat(hottest / (double) KeyTable.SIZE).isBetween(0.128, 0.140);
  }

  @Test
  void uniformKeys_coverEverySession_evenly() {
    int n = 1000;
    int[] counts = new int[n];
    for (int index : KeyTable.of("uniform", n, 11)) {
      counts[index]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(3800, 4600);
    }
  }

  @Test
  void unknownNames_areRejected_withTheChoices() {
    assertThatThrownBy(() -> Subject.open("redis", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected sojourn, caffeine, spring, map or map-clock");
    assertThatThrownBy(() -> KeyTable.of("normal", 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected uniform or zipf");
  }
}
