package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.memory.MemoryStore;
import java.time.Duration;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 8, item 2: every duration the builders and {@link SessionChange} accept works, from 1 ms to
 * {@code Duration.ofSeconds(Long.MAX_VALUE)}, at any instant a clock can show: deadlines saturate
 * at {@code Long.MAX_VALUE} ("never") and never wrap into the past; nothing throws {@code
 * ArithmeticException}.
 */
class DeadlineArithmeticTest {
  static final SessionKey<Integer> COUNT = SessionKey.of("count", Integer.class);
  static final TokenGenerator TOKENS = TokenGenerator.secure();

  @Property(tries = 400)
  void sessionChange_deadlineIsNowPlusTtl_saturated(
      @ForAll("nows") long now, @ForAll("ttls") Duration ttl) {
    SessionChange change = SessionChange.create("id", "csrf", now).ttl(ttl).build();

    Snapshot created = SessionChange.requireValid(change).applyTo(null, now);

    assertThat(change.ttlMillis()).isPositive();
    assertThat(created.expiresAtMillis()).isEqualTo(ExtremeValues.expectedDeadline(now, ttl));
    assertThat(created.isExpiredAt(now)).as("live when created").isFalse();
  }

  @Property(tries = 200)
  void sessionChange_update_withTheSessionsOwnIdleTimeoutNever_saturatesToo(
      @ForAll("nows") long now, @ForAll("ttls") Duration ttl) {
    Snapshot current =
        Snapshot.builder("id", "csrf")
            .createdAt(now)
            .expiresAt(Long.MAX_VALUE)
            .idleTimeoutMillis(Long.MAX_VALUE)
            .build();

    Snapshot next = SessionChange.update("id").ttl(ttl).build().applyTo(current, now);

    assertThat(next.expiresAtMillis()).isEqualTo(ExtremeValues.expectedDeadline(now, ttl));
    assertThat(next.idleTimeoutMillis()).isEqualTo(Long.MAX_VALUE);
    assertThat(next.isExpiredAt(now)).isFalse();
  }

  @Property(tries = 200)
  void manager_withAnyTimeouts_servesUntilTheEarlierDeadline_andNotFromIt(
      @ForAll("nows") long now,
      @ForAll("timeouts") Duration idle,
      @ForAll("timeouts") Duration absolute) {
    FakeClock clock = new FakeClock(now);
    MemoryStore store = MemoryStore.builder().clock(clock).backgroundSweeper(false).build();
    SessionManager manager =
        SessionManager.builder()
            .store(store)
            .clock(clock)
            .idleTimeout(idle)
            .absoluteTimeout(absolute)
            .touchInterval(Duration.ZERO)
            .build();
    Session session = manager.open(null);
    session.put(COUNT, 1);
    manager.commit(session);
    Integer read = manager.modify(session.id(), s -> s.get(COUNT));
    assertThat(read).isEqualTo(1);
    long deadline =
        Math.min(
            ExtremeValues.timeoutDeadline(now, idle), ExtremeValues.timeoutDeadline(now, absolute));

    clock.advanceMillis(deadline - 1 - now);
    assertThat(manager.open(session.id()).get(COUNT)).as("served just before").isEqualTo(1);
    if (deadline != Long.MAX_VALUE) {
      clock.advanceMillis(1);
      assertThat(manager.open(session.id()).isNew()).as("never served at the deadline").isTrue();
    }
    manager.close();
  }

  @Provide
  Arbitrary<Long> nows() {
    return ExtremeValues.nows();
  }

  @Provide
  Arbitrary<Duration> ttls() {
    return ExtremeValues.ttls();
  }

  @Provide
  Arbitrary<Duration> timeouts() {
    return ExtremeValues.timeouts();
  }
}
