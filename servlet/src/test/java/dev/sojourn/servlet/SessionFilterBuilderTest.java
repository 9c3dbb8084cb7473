package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.SessionManager;
import dev.sojourn.store.memory.MemoryStore;
import jakarta.servlet.ServletContextListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionFilterBuilderTest {
  private final SessionManager manager =
      SessionManager.builder()
          .store(MemoryStore.builder().backgroundSweeper(false).build())
          .build();

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void listener_rejectsAListenerThatHearsNoSessionEvent() {
    ServletContextListener notForSessions = new ServletContextListener() {};

    assertThatThrownBy(() -> SessionFilter.builder(manager).listener(notForSessions))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "listener must be an HttpSessionListener, HttpSessionAttributeListener or"
                + " HttpSessionIdListener, was ");
  }

  @Test
  void listener_registeredTwice_isFiredOnce() {
    RecordingListener listener = new RecordingListener("twice");

    SessionFilter filter =
        SessionFilter.builder(manager).listener(listener).listener(listener).build();

    assertThat(filter.listeners()).containsExactly(listener);
  }
}
