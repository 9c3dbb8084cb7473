package dev.sojourn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both Redis implementations do a request's work on a real {@code redis-server}, and the round trip
 * count reads what the server reports.
 */
class RedisSubjectTest extends RequestSubjectContract {
  private static RedisTarget target;

  @BeforeAll
  static void start() {
    target = RedisTarget.open();
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @Override
  RequestSubject open(String impl) {
    return RedisSubject.open(impl, target.uri(), "t-" + impl + ":");
  }

  @Test
  void sojournReadInsideTheTouchWindow_isOneHgetall() {
    try (RedisSubject subject = RedisSubject.open("sojourn", target.uri(), "rt:")) {
      String[] ids = RedisBenchmark.preload(subject, 5);
      Map<String, Long> before = target.commandCalls();
      for (String id : ids) {
        subject.request(id, false, "x");
      }
      Map<String, Long> after = target.commandCalls();
      assertThat(RedisTarget.delta(before, after, subject.clientCommands())).isEqualTo(5);
      assertThat(RedisTarget.delta(before, after, Set.of("hgetall"))).isEqualTo(5);
      assertThat(RedisTarget.delta(before, after, null)).isEqualTo(5);
    }
  }

  @Test
  void delta_countsOnlyTheNamedCommands_orAllButInfo() {
    Map<String, Long> before = Map.of("hgetall", 3L, "info", 7L);
    Map<String, Long> after = Map.of("hgetall", 5L, "info", 9L, "evalsha", 1L, "hset", 4L);
    assertThat(RedisTarget.delta(before, after, Set.of("hgetall", "evalsha"))).isEqualTo(3);
    assertThat(RedisTarget.delta(before, after, null)).isEqualTo(7);
  }

  @Test
  void unknownImpl_isRefusedByName() {
    assertThatThrownBy(() -> RedisSubject.open("jedis", target.uri(), "x:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jedis");
  }
}
