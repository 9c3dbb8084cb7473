package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.StoreException;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RepeatedCommitBehaviour} on Redis Cluster, plus the rotation's two steps: a rotation whose
 * first step applied and whose second never ran (as when step 1's reply is lost) completes when the
 * same change is committed again, and only then.
 */
class ClusterRepeatedCommitTest extends RepeatedCommitBehaviour {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.cluster();

  @Override
  RedisServerExtension redis() {
    return REDIS;
  }

  private SessionChange rotation(String from, String to) {
    return SessionChange.update(from).rotateTo(to, tokens.next()).ttl(TTL).build();
  }

  /** Commits {@code change} on a store whose second step is refused (its guard sees 31 s pass). */
  private void firstStepOnly(SessionChange change) {
    AtomicLong nanos = new AtomicLong();
    try (RedisStore slow = builder().nanoTime(() -> nanos.addAndGet(31_000_000_000L)).build()) {
      assertThatThrownBy(() -> slow.commit(change))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("unless the same change is committed again");
    }
  }

  @Test
  void rotation_whoseSecondStepNeverRan_completesWhenTheSameChangeIsCommittedAgain() {
    String a = create("alice");
    String b = tokens.next();
    SessionChange change = rotation(a, b);
    firstStepOnly(change);
    assertThat(store.load(a)).isNull();
    assertThat(store.load(b)).isNull();

    assertThat(store.commit(change)).isEqualTo(2);

    assertThat(store.load(a)).isNull();
    assertThat(loaded(b).user()).isEqualTo("alice");
    assertThat(store.sessionsOf("alice")).extracting(Snapshot::id).containsExactly(b);
    assertThat(sessionHashes()).as("no orphan hash").isEqualTo(1);
    assertThat(store.commit(change)).as("and again").isEqualTo(2);
  }

  @Test
  void rotation_whoseSecondStepNeverRan_isNotCompletedByAnotherChange() {
    String a = create("alice");
    firstStepOnly(rotation(a, tokens.next()));

    String c = tokens.next();
    assertThatThrownBy(() -> store.commit(rotation(a, c)))
        .isInstanceOf(SessionNotFoundException.class);
    assertThatThrownBy(
            () -> store.commit(SessionChange.update(a).put("b", bytes("2")).ttl(TTL).build()))
        .isInstanceOf(SessionNotFoundException.class);
    assertThat(store.load(c)).isNull();
    assertThat(sessionHashes()).isZero();
  }

  @Test
  void rotation_whoseSecondStepNeverRan_staysEnded_afterARevoke() {
    String a = create("alice");
    String b = tokens.next();
    SessionChange change = rotation(a, b);
    firstStepOnly(change);
    store.revokeSessionsOf("alice", "");

    assertThatThrownBy(() -> store.commit(change)).isInstanceOf(SessionNotFoundException.class);
    assertThat(store.load(a)).isNull();
    assertThat(store.load(b)).isNull();
    assertThat(sessionHashes()).isZero();
  }
}
