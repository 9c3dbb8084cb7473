package dev.sojourn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both PostgreSQL implementations do a request's work on a real PostgreSQL server, and the counting
 * data source sees each statement and each commit. Each test has a server of its own: both
 * implementations preload the same seeded IDs.
 */
class JdbcSubjectTest extends RequestSubjectContract {
  private JdbcTarget target;

  @BeforeEach
  void start() {
    target = JdbcTarget.start(2);
  }

  @AfterEach
  void stop() {
    target.close();
  }

  @Override
  RequestSubject open(String impl) {
    return JdbcSubject.open(impl, target.pool());
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
