package dev.sojourn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.store.SessionLimitException;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.memory.MemoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** {@code sojourn.max-sessions}: the memory store's bound. */
class MaxSessionsPropertyTest {
  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SojournAutoConfiguration.class));

  @Test
  void unset_leavesTheStoresDefault() {
    runner.run(
        context ->
            assertThat(((MemoryStore) context.getBean(SessionStore.class)).maximumSize())
                .isEqualTo(1_000_000));
  }

  @Test
  void set_boundsTheMemoryStore_andAFullStoreOfSignedInSessionsRefusesANewOne() {
    runner
        .withPropertyValues("sojourn.max-sessions=2")
        .run(
            context -> {
              MemoryStore store = (MemoryStore) context.getBean(SessionStore.class);
              assertThat(store.maximumSize()).isEqualTo(2);
              SessionManager manager = context.getBean(SessionManager.class);
              for (String user : new String[] {"alice", "bob"}) {
                Session session = manager.newSession();
                session.login(user);
                manager.commit(session);
              }
              Session third = manager.newSession();
              third.login("carol");
              assertThatThrownBy(() -> manager.commit(third))
                  .isInstanceOf(SessionLimitException.class);
              assertThat(store.size()).isEqualTo(2);
            });
  }

  @Test
  void lessThanOne_failsStartup_namingTheProperty() {
    runner
        .withPropertyValues("sojourn.max-sessions=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sojourn.max-sessions")
                    .hasMessageContaining("at least 1"));
  }

  @Test
  void onTheRedisStore_failsStartup_ratherThanBeingIgnored() {
    runner
        .withPropertyValues(
            "sojourn.store.type=redis",
            "spring.data.redis.url=redis://127.0.0.1:1",
            "sojourn.max-sessions=10")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sojourn.max-sessions")
                    .hasMessageContaining("memory store only"));
  }

  @Test
  void theIdeKnowsTheProperty() throws IOException {
    boolean found = false;
    for (URL url :
        Collections.list(
            getClass()
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (json.contains("\"sojourn.idle-timeout\"")) {
          assertThat(json).contains("\"name\": \"sojourn.max-sessions\"");
          found = true;
        }
      }
    }
    assertThat(found).as("the starter's metadata is on the class path").isTrue();
  }
}
