package dev.sojourn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.testing.redis.RedisServer;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --store redis://...} opens a working Redis store, against a real redis-server. */
class RedisStoreChoiceTest {
  @Test
  void redisSpec_opensAStoreThatKeepsSessions_andListsThemByUser() {
    try (RedisServer server = RedisServer.start(List.of());
        SessionManager manager =
            SessionManager.builder()
                .store(Stores.open(server.uri(), InstantSource.system()).store())
                .build()) {
      Session session = manager.open(null);
      session.login("alice");
      manager.commit(session);

      assertThat(manager.open(session.id()).user()).isEqualTo("alice");
      assertThat(manager.sessionsOf("alice")).hasSize(1);
    }
  }
}
