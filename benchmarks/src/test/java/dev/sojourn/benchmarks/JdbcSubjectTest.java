package dev.sojourn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both PostgreSQL implementations do a request's work on a real PostgreSQL server, and the counting
 * data source sees each statement and each commit. Each test has a server of its own: both
 * implementations preload the same seeded IDs.
 */
class JdbcSubjectTest {
  private JdbcTarget target;

  @BeforeEach
  void start() {
    target = JdbcTarget.start(2);
  }

  @AfterEach
  void stop() {
    target.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sojourn", "spring"})
  void request_writesOnlyWhenAsked_andFailsOnAMissingSession(String impl) {
    try (JdbcSubject subject = JdbcSubject.open(impl, target.pool())) {
      String[] ids = JdbcBenchmark.preload(subject, 3);
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

  @Test
  void sojournReadInsideTheTouchWindow_isOneStatement_springsIsTwoTransactions() {
    CountingDataSource counting = new CountingDataSource(target.pool());
    try (JdbcSubject sojourn = JdbcSubject.open("sojourn", counting)) {
      String[] ids = JdbcBenchmark.preload(sojourn, 5);
      long statements = counting.statements();
      for (String id : ids) {
        sojourn.request(id, false, "x");
      }
      assertThat(counting.statements() - statements).isEqualTo(5);
      assertThat(counting.transactionEnds()).isZero();
    }
    CountingDataSource springCounting = new CountingDataSource(target.pool());
    try (JdbcSubject spring = JdbcSubject.open("spring", springCounting)) {
      String[] ids = JdbcBenchmark.preload(spring, 5);
      long statements = springCounting.statements();
      long ends = springCounting.transactionEnds();
      for (String id : ids) {
        spring.request(id, false, "x");
      }
      assertThat(springCounting.statements() - statements).isEqualTo(10);
      assertThat(springCounting.transactionEnds() - ends).isEqualTo(10);
    }
  }
}
