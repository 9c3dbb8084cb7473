package dev.sojourn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.store.SessionChange;
import dev.sojourn.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The two ceilings differ only in the deadline check of a load. */
class MapStoreTest {
  private final MutableClock clock = MutableClock.start();

  @Test
  void load_pastTheDeadline_servedByTheBareMap_hiddenByMapClock() {
    MapStore bare = new MapStore(clock, false);
    MapStore checked = new MapStore(clock, true);
    for (MapStore store : new MapStore[] {bare, checked}) {
      store.commit(
          SessionChange.create("id-1", "csrf-1", clock.millis())
              .ttl(Duration.ofSeconds(10))
              .build());
    }
    clock.advance(Duration.ofSeconds(9));
    assertThat(bare.load("id-1")).isNotNull();
    assertThat(checked.load("id-1")).isNotNull();

    clock.advance(Duration.ofSeconds(1));
    assertThat(bare.load("id-1")).isNotNull();
    assertThat(checked.load("id-1")).isNull();
  }
}
