package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.store.Snapshot;
import dev.sojourn.store.memory.MemoryStore;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A session's own idle timeout ({@link Session#idleTimeout(Duration)}), on a fake clock. */
class SessionIdleTimeoutTest {
  static final SessionKey<String> NAME = SessionKey.of("name", String.class);

  final FakeClock clock = new FakeClock();
  final MemoryStore store = MemoryStore.builder().clock(clock).backgroundSweeper(false).build();
  final SessionManager manager =
      SessionManager.builder()
          .store(store)
          .clock(clock)
          .idleTimeout(Duration.ofMinutes(30))
          .absoluteTimeout(Duration.ofHours(12))
          .touchInterval(Duration.ofMinutes(1))
          .build();

  @AfterEach
  void close() {
    manager.close();
  }

  String storedWith(Duration idleTimeout) {
    Session session = manager.open(null);
    session.put(NAME, "alice");
    session.idleTimeout(idleTimeout);
    manager.commit(session);
    return session.id();
  }

  boolean isLive(String id) {
    return !manager.open(id).isNew();
  }

  @Test
  void ownShorterTimeout_endsTheSession_afterIt_thoughTheDefaultIsLonger() {
    String id = storedWith(Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(59));
    assertThat(Objects.requireNonNull(store.load(id)).expiresAtMillis())
        .isEqualTo(clock.millis() + 1_000);
    clock.advance(Duration.ofSeconds(1));
    assertThat(isLive(id)).isFalse();
    assertThat(store.load(id)).isNull();
  }

  @Test
  void ownShorterTimeout_isServedJustBeforeIt() {
    String id = storedWith(Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(60).minusMillis(1));
    assertThat(isLive(id)).isTrue();
  }

  @Test
  void ownShorterTimeout_isRestartedByUse_likeTheDefault() {
    String id = storedWith(Duration.ofMinutes(1));
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(50));
      Session session = manager.open(id);
      assertThat(session.isNew()).as("request %d", i).isFalse();
      assertThat(session.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
      manager.commit(session);
    }
  }

  @Test
  void touchInterval_isShortenedForAShortOwnTimeout_soASessionInUseDoesNotEndEarly() {
    // The manager's touch interval is 1 minute; a 10 s own timeout must be touched sooner than
    // that, or a session used every 5 s would end while in use.
    String id = storedWith(Duration.ofSeconds(10));
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofSeconds(5));
      Session session = manager.open(id);
      assertThat(session.isNew()).as("request %d", i).isFalse();
      manager.commit(session);
    }
  }

  @Test
  void ownLongerTimeout_outlivesTheDefault() {
    String id = storedWith(Duration.ofHours(2));
    clock.advance(Duration.ofMinutes(31));
    assertThat(isLive(id)).isTrue();
    clock.advance(Duration.ofMinutes(89));
    assertThat(isLive(id)).isFalse();
  }

  @Test
  void absoluteTimeout_capsALongOwnTimeout() {
    String id = storedWith(Duration.ofDays(3));
    clock.advance(Duration.ofHours(11));
    Session session = manager.open(id);
    assertThat(session.isNew()).isFalse();
    manager.commit(session);
    assertThat(Objects.requireNonNull(store.load(id)).expiresAtMillis())
        .isEqualTo(clock.millis() + Duration.ofHours(1).toMillis());
    clock.advance(Duration.ofHours(1));
    assertThat(isLive(id)).isFalse();
  }

  @Test
  void noIdleTimeout_livesUntilTheAbsoluteTimeout_withoutOverflow() {
    String id = storedWith(Session.NO_IDLE_TIMEOUT);
    assertThat(Objects.requireNonNull(store.load(id)).idleTimeoutMillis())
        .isEqualTo(Long.MAX_VALUE);
    clock.advance(Duration.ofHours(12).minusMillis(1));
    Session session = manager.open(id);
    assertThat(session.isNew()).isFalse();
    assertThat(session.idleTimeout()).isEqualTo(Session.NO_IDLE_TIMEOUT);
    assertThat(manager.idleTimeoutOf(session)).isEqualTo(Session.NO_IDLE_TIMEOUT);
    clock.advanceMillis(1);
    assertThat(isLive(id)).isFalse();
  }

  @Test
  void foreverDuration_meansNoIdleTimeout() {
    Session session = manager.open(null);
    session.idleTimeout(ChronoUnit.FOREVER.getDuration());
    assertThat(session.idleTimeout()).isEqualTo(Session.NO_IDLE_TIMEOUT);
  }

  @Test
  void useDefaultIdleTimeout_followsTheManagerAgain() {
    String id = storedWith(Duration.ofMinutes(1));
    Session session = manager.open(id);
    session.useDefaultIdleTimeout();
    assertThat(session.idleTimeout()).isNull();
    assertThat(manager.idleTimeoutOf(session)).isEqualTo(Duration.ofMinutes(30));
    manager.commit(session);
    assertThat(Objects.requireNonNull(store.load(id)).idleTimeoutMillis())
        .isEqualTo(Snapshot.DEFAULT_IDLE_TIMEOUT);
    clock.advance(Duration.ofMinutes(29));
    assertThat(isLive(id)).isTrue();
  }

  @Test
  void settingTheTimeout_isADataChange_thatMovesTheVersion_andSettingItAgainIsNot() {
    String id = storedWith(Duration.ofMinutes(5));
    Session session = manager.open(id);
    session.idleTimeout(Duration.ofMinutes(6));
    manager.commit(session);
    assertThat(Objects.requireNonNull(store.load(id)).version()).isEqualTo(2);
    assertThat(Objects.requireNonNull(store.load(id)).idleTimeoutMillis()).isEqualTo(360_000);

    Session again = manager.open(id);
    again.idleTimeout(Duration.ofMinutes(6));
    manager.commit(again);
    assertThat(Objects.requireNonNull(store.load(id)).version()).isEqualTo(2);
  }

  @Test
  void aFreshSession_withOnlyAnIdleTimeout_isNotStored() {
    Session session = manager.open(null);
    session.idleTimeout(Duration.ofMinutes(1));
    manager.commit(session);
    assertThat(store.size()).isZero();
  }

  @Test
  void idleTimeoutOf_aSessionWithoutItsOwn_isTheManagers() {
    assertThat(manager.open(null).idleTimeout()).isNull();
    assertThat(manager.idleTimeoutOf(manager.open(null))).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void idleTimeout_rejectsZeroNegativeAndSubMillisecond_andKeepsTheOldValue() {
    Session session = manager.open(null);
    session.idleTimeout(Duration.ofMinutes(2));
    for (Duration bad :
        new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(1)}) {
      assertThatThrownBy(() -> session.idleTimeout(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("idleTimeout must be at least 1 ms (NO_IDLE_TIMEOUT for never), was " + bad);
    }
    assertThat(session.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void idleTimeout_onAnInvalidatedSession_isRejected() {
    Session session = manager.open(null);
    session.invalidate();
    assertThatThrownBy(() -> session.idleTimeout(Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(session::useDefaultIdleTimeout).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void modify_keepsTheOwnTimeout() {
    String id = storedWith(Duration.ofMinutes(1));
    manager.modify(
        id,
        s -> {
          s.put(NAME, "bob");
          return true;
        });
    clock.advance(Duration.ofMinutes(1));
    assertThat(isLive(id)).isFalse();
  }
}
