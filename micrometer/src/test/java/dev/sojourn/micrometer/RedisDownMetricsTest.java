package dev.sojourn.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.redis.RedisStore;
import dev.sojourn.store.StoreException;
import dev.sojourn.testing.redis.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Store errors and their latency, from a real Redis store whose real server was killed. */
class RedisDownMetricsTest {
  @Test
  void storeErrors_countAndTimeEachFailedCall_byOperation() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (RedisServer redis = RedisServer.start(List.of())) {
      RedisStore store =
          RedisStore.builder().uri(redis.uri()).commandTimeout(Duration.ofSeconds(2)).build();
      SojournMetrics metrics = new SojournMetrics(store);
      metrics.bindTo(registry);
      try (SessionManager manager =
          SessionManager.builder().store(store).metrics(metrics).build()) {
        String id = manager.createSession();
        Session session = manager.open(id);
        session.put("n", 1);
        redis.kill();

        assertThatThrownBy(() -> manager.commit(session)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> manager.open(id)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> manager.open(id)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> manager.destroy(id)).isInstanceOf(StoreException.class);
      }
    }

    assertThat(
            registry
                .get("sojourn.store.errors")
                .tag("store", "redis")
                .tag("operation", "load")
                .functionCounter()
                .count())
        .isEqualTo(2);
    assertThat(
            registry
                .get("sojourn.store.errors")
                .tag("operation", "commit")
                .functionCounter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry.get("sojourn.store.errors").tag("operation", "drop").functionCounter().count())
        .isEqualTo(1);
    assertThat(timerCount(registry, "load", "error")).isEqualTo(2);
    assertThat(timerCount(registry, "load", "success")).isEqualTo(1);
    assertThat(timerCount(registry, "commit", "error")).isEqualTo(1);
    assertThat(timerCount(registry, "commit", "success")).isEqualTo(1);
    assertThat(registry.find("sojourn.sessions.active").gauge()).isNull();
    assertThat(registry.find("sojourn.sessions.evicted").functionCounter()).isNull();
    assertThat(registry.get("sojourn.sessions.created").functionCounter().count()).isEqualTo(1);
  }

  private static long timerCount(SimpleMeterRegistry registry, String operation, String outcome) {
    return registry
        .get("sojourn.store.operations")
        .tag("operation", operation)
        .tag("outcome", outcome)
        .timer()
        .count();
  }
}
