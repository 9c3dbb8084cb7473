package dev.sojourn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import dev.sojourn.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Expiry events of the Caffeine-based peer, which the expiry-lateness harness relies on (the rest
 * of its contract is in {@link CaffeineStoreContractTest}).
 */
class CaffeineStoreTest {
  private static final Duration TTL = Duration.ofSeconds(5);

  private final MutableClock clock = MutableClock.start();
  private final CaffeineStore store = new CaffeineStore(clock, false);
  private final Tokens tokens = new Tokens(1);
  private final List<Snapshot> expired = new ArrayList<>();

  @AfterEach
  void close() {
    store.close();
  }

  private String create(Duration ttl) {
    String id = tokens.next();
    store.commit(
        SessionChange.create(id, tokens.next(), clock.millis())
            .put("a", "1".getBytes(StandardCharsets.UTF_8))
            .ttl(ttl)
            .build());
    return id;
  }

  @Test
  void expiredSession_isReportedOnce_withItsLastSnapshot_whenMaintenanceRuns() {
    store.addExpiryListener(expired::add);
    String id = create(TTL);
    create(Duration.ofMinutes(1));

    clock.advance(TTL);
    store.cleanUp();
    store.cleanUp();

    assertThat(expired).extracting(Snapshot::id).containsExactly(id);
    assertThat(expired.get(0).expiresAtMillis()).isEqualTo(clock.millis());
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void sessionBeforeItsDeadline_isNotReported() {
    store.addExpiryListener(expired::add);
    create(TTL);

    clock.advance(TTL.minusMillis(1));
    store.cleanUp();

    assertThat(expired).isEmpty();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void droppedSession_isNotReportedAsExpired() {
    store.addExpiryListener(expired::add);
    String id = create(TTL);

    assertThat(store.drop(id)).isTrue();
    clock.advance(TTL);
    store.cleanUp();

    assertThat(expired).isEmpty();
  }

  @Test
  void throwingListener_neverStopsRemoval_norOtherListeners() {
    store.addExpiryListener(
        s -> {
          throw new IllegalStateException("listener failure, expected by this test");
        });
    store.addExpiryListener(expired::add);
    create(TTL);

    clock.advance(TTL);
    store.cleanUp();

    assertThat(expired).hasSize(1);
    assertThat(store.size()).isZero();
  }
}
