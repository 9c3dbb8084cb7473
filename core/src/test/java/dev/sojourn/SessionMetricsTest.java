package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.SessionMetrics.StoreOperation;
import dev.sojourn.store.VersionConflictException;
import dev.sojourn.store.memory.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a manager tells its {@link SessionMetrics}, and that a failing observer changes nothing. */
class SessionMetricsTest {
  final FakeClock clock = new FakeClock();
  final MemoryStore store = MemoryStore.builder().clock(clock).backgroundSweeper(false).build();

  /** Records each call as a word; thread-safe enough for the sweeper's calls. */
  static final class Recording implements SessionMetrics {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void created() {
      events.add("created");
    }

    @Override
    public void rotated() {
      events.add("rotated");
    }

    @Override
    public void destroyed() {
      events.add("destroyed");
    }

    @Override
    public void expired(long latenessMillis) {
      events.add("expired " + latenessMillis);
    }

    @Override
    public void conflict() {
      events.add("conflict");
    }

    @Override
    public void undecodable() {
      events.add("undecodable");
    }

    @Override
    public void storeCall(StoreOperation operation, long nanos, boolean failed) {
      assertThat(nanos).isNotNegative();
      events.add(operation + (failed ? " failed" : ""));
    }
  }

  @Test
  void observer_hearsEachEventAndStoreCall_inOrder() {
    Recording metrics = new Recording();
    SessionManager manager =
        SessionManager.builder().store(store).clock(clock).metrics(metrics).build();

    String id = manager.createSession();
    Session session = manager.open(id);
    session.login("alice");
    manager.commit(session);
    Session stale = manager.open(session.id());
    Session fresh = manager.open(session.id());
    fresh.put("n", 1);
    manager.commitIfUnchanged(fresh);
    stale.put("n", 2);
    assertThatThrownBy(() -> manager.commitIfUnchanged(stale))
        .isInstanceOf(VersionConflictException.class);
    manager.destroy(session.id());
    manager.createSession();
    clock.advance(Duration.ofMinutes(30).plusMillis(250));
    store.sweep();

    assertThat(metrics.events)
        .containsExactly(
            "COMMIT",
            "created",
            "LOAD",
            "COMMIT",
            "rotated",
            "LOAD",
            "LOAD",
            "COMMIT",
            "COMMIT",
            "conflict",
            "DROP",
            "destroyed",
            "COMMIT",
            "created",
            "expired 250");
  }

  @Test
  void observerThatThrows_isIgnored_andTheOperationsSucceed() {
    SessionMetrics failing =
        new SessionMetrics() {
          @Override
          public void created() {
            throw new IllegalStateException("broken observer");
          }

          @Override
          public void storeCall(StoreOperation operation, long nanos, boolean failed) {
            throw new IllegalStateException("broken observer");
          }
        };
    SessionManager manager =
        SessionManager.builder().store(store).clock(clock).metrics(failing).build();

    String id = manager.createSession();
    Session session = manager.open(id);
    session.put("n", 1);
    manager.commit(session);

    assertThat(manager.getSessionData(id)).containsEntry("n", 1);
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose
  void metrics_canBeSetOnce_andNotToNull() {
    SessionManager.Builder builder = SessionManager.builder().metrics(SessionMetrics.NONE);
    assertThatThrownBy(() -> builder.metrics(new Recording()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("metrics was already set");
    assertThatThrownBy(() -> SessionManager.builder().metrics(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("metrics");
  }
}
