package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The user index's upkeep slack (issue 9, item 4): a member's score is its deadline plus a slack
 * (an eighth of the time to the deadline, at most an hour), and a commit whose deadline that score
 * still covers writes nothing to the index. What must hold whatever the slack: the score never
 * falls below the session's deadline, the index outlives the session's key, a revoke ends every
 * session, and a listing leaves out a session past its deadline even while its member is still in
 * the index. Run on standalone Redis (the commit script keeps the index) and on Cluster (index.lua,
 * a second script).
 */
abstract class IndexSlackBehaviour extends RedisStoreFixture {
  private static final long SLACK = TTL.toMillis() / 8;

  private String index(String user) {
    return prefix + "u:{" + Keys.digest(user) + "}";
  }

  private double score(String user, String id) {
    String index = index(user);
    Object reply = nodeOf(index).command("ZSCORE", index, Keys.digest(id));
    return Double.parseDouble((String) Objects.requireNonNull(reply, "no member"));
  }

  private long deadline(String id) {
    return Objects.requireNonNull(store.load(id)).expiresAtMillis();
  }

  private void touch(String id) {
    Snapshot now = Objects.requireNonNull(store.load(id));
    store.commit(
        SessionChange.update(id)
            .expectVersion(now.version())
            .lastAccessedAt(clock.millis())
            .put("a", new byte[] {(byte) clock.millis()})
            .ttl(TTL)
            .build());
  }

  @Test
  void aCommitInsideTheSlack_leavesTheIndexAlone_andItsScoreStillCoversTheDeadline() {
    String id = create("alice");
    double first = score("alice", id);
    assertThat(first).isEqualTo(deadline(id) + SLACK);

    clock.advance(Duration.ofMillis(SLACK - 1_000));
    touch(id);
    assertThat(score("alice", id)).as("score after a commit inside the slack").isEqualTo(first);
    assertThat(score("alice", id)).isGreaterThanOrEqualTo(deadline(id));
    assertThat(pttl(index("alice")))
        .isGreaterThanOrEqualTo(pttl(prefix + "s:{" + Keys.digest(id) + "}"));

    clock.advance(Duration.ofMillis(2_000));
    touch(id);
    assertThat(score("alice", id))
        .as("score once the deadline moved past it")
        .isEqualTo(deadline(id) + SLACK);
  }

  @Test
  void manyCommitsInsideTheSlack_thenRevoke_endsEverySession() {
    String a = create("bob");
    String b = create("bob");
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofSeconds(30));
      touch(i % 2 == 0 ? a : b);
    }
    assertThat(store.revokeSessionsOf("bob", "")).containsExactlyInAnyOrder(a, b);
    assertThat(store.load(a)).isNull();
    assertThat(store.load(b)).isNull();
  }

  @Test
  void aSessionPastItsDeadline_isNotListed_whileItsMemberWaitsOutTheSlack() {
    String idle = create("carol");
    clock.advance(Duration.ofMinutes(10));
    String active = create("carol");
    clock.advance(TTL.minus(Duration.ofMinutes(10)).plusSeconds(1));
    // idle is past its deadline, within the slack of its index score.
    assertThat(score("carol", idle)).isGreaterThan(clock.millis());
    assertThat(store.sessionsOf("carol")).extracting(Snapshot::id).containsExactly(active);
    assertThat(store.revokeSessionsOf("carol", "")).containsExactly(active);
  }

  @Test
  void theIndex_outlivesEverySessionKey_acrossCommitsInAndOutOfTheSlack() {
    String id = create("dave");
    String session = prefix + "s:{" + Keys.digest(id) + "}";
    for (int i = 0; i < 12; i++) {
      clock.advance(Duration.ofMinutes(1));
      touch(id);
      assertThat(pttl(index("dave"))).as("round %d", i).isGreaterThanOrEqualTo(pttl(session) - 50);
    }
  }
}
