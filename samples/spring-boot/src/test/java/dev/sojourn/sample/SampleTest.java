package dev.sojourn.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.store.memory.MemoryStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The sample as it ships: the memory store, chosen by no property at all. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleTest extends SampleContract {
  @Test
  void theStarterAlone_madeTheSessionsSojourns() {
    assertThat(store).isInstanceOf(MemoryStore.class);
  }
}
