package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.Session;
import dev.sojourn.SessionListener;
import dev.sojourn.SessionManager;
import dev.sojourn.store.Snapshot;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisServer;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Expiry events on a Redis that refuses {@code CONFIG}, as managed services do (ElastiCache,
 * Memorystore): the store never needs it. End to end: a {@link SessionManager}'s listener hears the
 * expiry from the store's own background sweeper thread. The clock is fake; the test waits (with a
 * timeout) only for that thread's next run, never for an expiry.
 */
class ExpiryEventsWithoutConfigTest {
  private static RedisServer server;

  @BeforeAll
  static void start() {
    server = RedisServer.start(List.of("--rename-command", "CONFIG", ""));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theServerRefusesConfig() {
    assertThatThrownBy(() -> server.command("CONFIG", "GET", "maxmemory-policy"))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void aManagersListener_hearsTheExpiry_fromTheBackgroundSweeper() throws Exception {
    MutableClock clock = MutableClock.start();
    byte[] idKey = new byte[32];
    new SecureRandom().nextBytes(idKey);
    List<Snapshot> expired = new CopyOnWriteArrayList<>();
    CountDownLatch heard = new CountDownLatch(1);
    RedisStore store =
        RedisStore.builder()
            .uri(server.uri())
            .clock(clock)
            .idKey(idKey)
            .keyPrefix("noconfig:")
            .expiryEvents(Duration.ofMillis(20))
            .build();
    try (SessionManager manager =
        SessionManager.builder()
            .store(store)
            .clock(clock)
            .idleTimeout(Duration.ofMinutes(5))
            .listener(
                new SessionListener() {
                  @Override
                  public void expired(Snapshot last) {
                    expired.add(last);
                    heard.countDown();
                  }
                })
            .build()) {
      Session session = manager.newSession();
      session.login("hana");
      manager.commit(session);
      clock.advance(Duration.ofMinutes(5));
      assertThat(heard.await(30, TimeUnit.SECONDS)).as("the sweeper thread reported it").isTrue();
      assertThat(expired)
          .singleElement()
          .satisfies(
              last -> {
                assertThat(last.id()).isEqualTo(session.id());
                assertThat(last.user()).isEqualTo("hana");
              });
      assertThat(store.maxmemoryPolicy()).as("CONFIG was refused").isEmpty();
    } finally {
      store.close();
    }
  }
}
