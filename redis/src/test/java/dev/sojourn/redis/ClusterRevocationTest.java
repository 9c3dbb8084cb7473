package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.StoreException;
import dev.sojourn.testing.redis.RedisServer;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Revocation on the 3-master Cluster, plus the two pieces that make it complete there, each set up
 * by hand: the revoked marker a rotation's second step refuses, and the forward a revoke follows.
 */
class ClusterRevocationTest extends RevocationBehaviour {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.cluster();

  @Override
  RedisServerExtension redis() {
    return REDIS;
  }

  /** The node that serves {@code key}'s slot (the others answer MOVED). */
  private static RedisServer ownerOf(String key) {
    for (RedisServer node : REDIS.nodes()) {
      try {
        node.command("EXISTS", key);
        return node;
      } catch (UncheckedIOException moved) {
        // another node's slot
      }
    }
    throw new AssertionError("no node serves " + key);
  }

  private SessionChange rotation(String from, String to) {
    return SessionChange.update(from).rotateTo(to, tokens.next()).ttl(TTL).build();
  }

  @Test
  void rotation_ontoADigestARevokeMarked_isRefused_andTheSessionStaysEnded() {
    String a = create(store, "alice");
    String b = tokens.next();
    String marker = prefix + "r:{" + Keys.digest(b) + "}";
    ownerOf(marker).command("SET", marker, "1", "PX", "60000");

    assertThatThrownBy(() -> store.commit(rotation(a, b)))
        .isInstanceOf(SessionNotFoundException.class)
        .hasMessageContaining("revoked while it rotated");

    assertThat(live(a)).isFalse();
    assertThat(live(b)).isFalse();
  }

  @Test
  void revoke_followsTheForwardOfARotation_whoseIndexUpdateHasNotLandedYet() {
    String a = create(store, "alice");
    String b = tokens.next();
    store.commit(rotation(a, b));
    String index = prefix + "u:{" + Keys.digest("alice") + "}";
    String forward = prefix + "f:{" + Keys.digest(a) + "}";
    assertThat(ownerOf(forward).command("GET", forward)).isEqualTo(Keys.digest(b) + "|" + index);
    assertThat((Long) ownerOf(forward).command("PTTL", forward)).isPositive();
    // The index as it is between the rotation's second step and its index update: A, not B.
    RedisServer node = ownerOf(index);
    node.command("ZREM", index, Keys.digest(b));
    node.command("ZADD", index, Long.toString(clock.millis() + TTL.toMillis()), Keys.digest(a));

    assertThat(store.revokeSessionsOf("alice", "")).containsExactly(b);

    assertThat(live(b)).isFalse();
  }

  @Test
  void rotation_whoseSecondStepWouldComeAfterHalfTheMarkerLife_failsClosed() {
    String a = create(store, "alice");
    String b = tokens.next();
    AtomicLong nanos = new AtomicLong();
    // every reading is 31 s after the one before: half the marker's minimum life is 30 s
    try (RedisStore slow =
        builder().idKey(key).nanoTime(() -> nanos.addAndGet(31_000_000_000L)).build()) {
      assertThatThrownBy(() -> slow.commit(rotation(a, b)))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("fail closed");
    }
    assertThat(live(a)).isFalse();
    assertThat(live(b)).isFalse();
  }
}
