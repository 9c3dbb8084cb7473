package dev.sojourn.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.ExtremeValues;
import dev.sojourn.FakeClock;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import java.time.Duration;
import java.util.Objects;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 8, item 2, on the memory store: any TTL and sweep interval, at any clock reading, gives a
 * deadline of now plus the TTL saturated at {@code Long.MAX_VALUE}; the session is served up to it,
 * never at it, and its deadline-index entry is swept with it (a wrapped bucket number once filed a
 * far deadline among the due ones, where a sweep dropped its index entry).
 */
class MemoryStoreDeadlineTest {
  static final TokenGenerator TOKENS = TokenGenerator.secure();

  @Property(tries = 200)
  void memoryStore_servesUntilTheSaturatedDeadline_thenSweepsItAndItsIndexEntry(
      @ForAll("nows") long now, @ForAll("ttls") Duration ttl, @ForAll("sweeps") Duration sweep) {
    FakeClock clock = new FakeClock(now);
    MemoryStore store =
        MemoryStore.builder().clock(clock).sweepInterval(sweep).backgroundSweeper(false).build();
    String id = TOKENS.next();
    store.commit(SessionChange.create(id, "csrf", now).ttl(ttl).build());
    long deadline = ExtremeValues.expectedDeadline(now, ttl);

    assertThat(Objects.requireNonNull(store.load(id)).expiresAtMillis()).isEqualTo(deadline);
    store.sweep();
    assertThat(store.load(id)).as("live after a sweep at its creation").isNotNull();
    clock.advanceMillis(deadline - 1 - now);
    store.sweep();
    assertThat(store.load(id)).as("served just before the deadline").isNotNull();
    assertThat(store.size()).isEqualTo(1);
    if (deadline != Long.MAX_VALUE) {
      clock.advanceMillis(1);
      assertThat(store.load(id)).as("never served at the deadline").isNull();
      store.sweep();
      assertThat(store.size()).isZero();
    }
    store.sweep();
    assertThat(store.indexedCount()).isEqualTo(store.size());
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
  Arbitrary<Duration> sweeps() {
    return ExtremeValues.timeouts();
  }
}
