package dev.sojourn.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.VersionConflictException;
import dev.sojourn.store.memory.MemoryStore;
import dev.sojourn.testing.MutableClock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every meter, over a real manager and memory store on a fake clock, with exact counts. */
class SojournMetricsTest {
  private final MutableClock clock = MutableClock.start();
  private final MemoryStore store =
      MemoryStore.builder().clock(clock).backgroundSweeper(false).maximumSize(3).build();
  private final SojournMetrics metrics = new SojournMetrics(store);
  private final SessionManager manager =
      SessionManager.builder()
          .store(store)
          .clock(clock)
          .idleTimeout(Duration.ofMinutes(30))
          .metrics(metrics)
          .build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  SojournMetricsTest() {
    metrics.bindTo(registry);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void storeTag_isTheStoreKind() {
    assertThat(registry.get("sojourn.sessions.created").functionCounter().getId().getTag("store"))
        .isEqualTo("memory");
  }

  @Test
  void created_countsEagerAndLazyCreation_notAnEmptySession() {
    manager.createSession();
    Session lazy = manager.open(null);
    lazy.put("cart", "3 items");
    manager.commit(lazy);
    manager.commit(manager.open(null));

    assertThat(count("sojourn.sessions.created")).isEqualTo(2);
    assertThat(timer("commit", "success").count()).isEqualTo(2);
  }

  @Test
  void rotated_countsLoginAndOnDemandRotation() {
    String id = manager.createSession();
    Session session = manager.open(id);
    session.login("alice");
    manager.commit(session);
    Session again = manager.open(session.id());
    again.rotate();
    manager.commit(again);

    assertThat(count("sojourn.sessions.rotated")).isEqualTo(2);
    assertThat(timer("load", "success").count()).isEqualTo(2);
  }

  @Test
  void destroyed_countsEachSessionEndedOnPurpose_onceEach() {
    String first = manager.createSession();
    manager.destroy(first);
    manager.destroy(first);
    Session invalidated = manager.open(manager.createSession());
    invalidated.invalidate();
    manager.commit(invalidated);

    assertThat(count("sojourn.sessions.destroyed")).isEqualTo(2);
    assertThat(timer("drop", "success").count()).isEqualTo(3);
  }

  @Test
  void destroyed_countsRevokedSessions() {
    for (int i = 0; i < 2; i++) {
      Session session = manager.open(null);
      session.login("bob");
      manager.commit(session);
    }
    assertThat(manager.revokeAll("bob")).isEqualTo(2);

    assertThat(count("sojourn.sessions.destroyed")).isEqualTo(2);
  }

  @Test
  void expired_countsSweptSessions_andTimesTheirLateness() {
    manager.createSession();
    manager.createSession();
    clock.advance(Duration.ofMinutes(30).plusSeconds(7));
    assertThat(store.sweep()).isEqualTo(2);

    assertThat(count("sojourn.sessions.expired")).isEqualTo(2);
    Timer lateness = registry.get("sojourn.sessions.expiry.lateness").timer();
    assertThat(lateness.count()).isEqualTo(2);
    assertThat(lateness.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(14_000);
    assertThat(lateness.max(TimeUnit.MILLISECONDS)).isEqualTo(7_000);
  }

  @Test
  void conflicts_countsALostCompareAndSet() {
    String id = manager.createSession();
    Session first = manager.open(id);
    Session second = manager.open(id);
    first.put("n", 1);
    manager.commitIfUnchanged(first);
    second.put("n", 2);

    assertThatThrownBy(() -> manager.commitIfUnchanged(second))
        .isInstanceOf(VersionConflictException.class);
    assertThat(count("sojourn.sessions.conflicts")).isEqualTo(1);
    assertThat(timer("commit", "success").count()).isEqualTo(3);
    assertThat(count("sojourn.store.errors", "commit")).isZero();
  }

  @Test
  void evictedAndActive_comeFromTheMemoryStore() {
    manager.createSession();
    manager.createSession();
    manager.createSession();
    manager.createSession();

    assertThat(count("sojourn.sessions.evicted")).isEqualTo(1);
    Gauge active = registry.get("sojourn.sessions.active").gauge();
    assertThat(active.value()).isEqualTo(3);
    manager.destroy(manager.createSession());
    assertThat(active.value()).isEqualTo(2);
  }

  @Test
  void undecodable_countsAStoredSessionThatCannotBeRead() {
    String id = TokenGenerator.secure().next();
    store.commit(
        SessionChange.create(id, TokenGenerator.secure().next(), clock.millis())
            .put("name", new byte[] {9, 9, 9})
            .ttl(Duration.ofMinutes(30))
            .build());

    assertThat(manager.open(id).isNew()).isTrue();
    assertThat(count("sojourn.sessions.undecodable")).isEqualTo(1);
  }

  @Test
  void counters_countBeforeBinding_andBindToSeveralRegistries() {
    manager.createSession();
    SimpleMeterRegistry later = new SimpleMeterRegistry();
    metrics.bindTo(later);
    manager.createSession();

    assertThat(later.get("sojourn.sessions.created").functionCounter().count()).isEqualTo(2);
    assertThat(count("sojourn.sessions.created")).isEqualTo(2);
    assertThat(later.get("sojourn.store.operations").tag("operation", "commit").timer().count())
        .isEqualTo(1);
  }

  @Test
  void bindingTheSameRegistryTwice_timesEachCallOnce() {
    metrics.bindTo(registry);
    manager.createSession();

    assertThat(timer("commit", "success").count()).isEqualTo(1);
  }

  @Test
  void storeName_stripsStore_andLowerCases() {
    assertThat(SojournMetrics.storeName(store)).isEqualTo("memory");
  }

  private double count(String name) {
    FunctionCounter counter = registry.get(name).functionCounter();
    return counter.count();
  }

  private double count(String name, String operation) {
    return registry.get(name).tag("operation", operation).functionCounter().count();
  }

  private Timer timer(String operation, String outcome) {
    return registry
        .get("sojourn.store.operations")
        .tag("operation", operation)
        .tag("outcome", outcome)
        .timer();
  }
}
