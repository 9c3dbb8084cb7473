package dev.sojourn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link RequestSubject} does, whatever it runs on: a subclass opens the named
 * implementation on a real server.
 */
abstract class RequestSubjectContract {
  /** Opens the named implementation ({@code sojourn} or {@code spring}) on the test's server. */
  abstract RequestSubject open(String impl);

  @ParameterizedTest
  @ValueSource(strings = {"sojourn", "spring"})
  void request_writesOnlyWhenAsked_andFailsOnAMissingSession(String impl) {
    try (RequestSubject subject = open(impl)) {
      String[] ids = RequestBenchmark.preload(subject, 3);
      assertThat(subject.attribute(ids[1])).isEqualTo("item-1");

      subject.request(ids[1], false, "ignored");
      assertThat(subject.attribute(ids[1])).isEqualTo("item-1");
      subject.request(ids[1], true, "changed");
      assertThat(subject.attribute(ids[1])).isEqualTo("changed");
      assertThat(subject.attribute(ids[2])).isEqualTo("item-2");

      String unknown = new Tokens(99).next();
      assertThatThrownBy(() -> subject.request(unknown, false, "x"))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
