package dev.sojourn.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A change's commit identity: the same for one change object, different for every change. */
class CommitIdTest {
  private static SessionChange change() {
    return SessionChange.update("id").put("a", new byte[] {1}).ttl(Duration.ofMinutes(1)).build();
  }

  @Test
  void commitId_isSixteenBytes_andTheSameOnEveryCall() {
    SessionChange change = change();

    assertThat(change.commitId()).hasSize(16).isEqualTo(change.commitId());
  }

  @Test
  void commitId_isACopy_thatCallersCannotAlter() {
    SessionChange change = change();
    byte[] id = change.commitId();
    byte[] copy = id.clone();
    id[0]++;

    assertThat(change.commitId()).isEqualTo(copy);
  }

  @Test
  void commitId_differs_betweenChangesOfTheSameContent() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(HexFormat.of().formatHex(change().commitId()));
    }

    assertThat(ids).hasSize(10_000);
  }
}
