package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.VersionConflictException;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisServer;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once commits, on standalone Redis and Redis Cluster: committing the same change object
 * again (what a caller does after a {@code StoreException} whose commit did apply) answers what the
 * first commit answered and changes nothing, while a new change, or a repeat after another commit
 * landed in between, is a commit of its own.
 */
abstract class RepeatedCommitBehaviour {
  static final Duration TTL = Duration.ofMinutes(30);

  final MutableClock clock = MutableClock.start();
  final TokenGenerator tokens = TokenGenerator.secure();
  final byte[] idKey = new byte[32];
  String prefix = "";
  RedisStore store;

  abstract RedisServerExtension redis();

  RedisStore.Builder builder() {
    RedisServerExtension redis = redis();
    RedisStore.Builder builder = RedisStore.builder();
    builder = redis.isCluster() ? builder.clusterUris(redis.uris()) : builder.uri(redis.uri());
    return builder.clock(clock).keyPrefix(prefix).idKey(idKey);
  }

  @BeforeEach
  void open() {
    prefix = "repeat:" + tokens.next() + ":";
    new SecureRandom().nextBytes(idKey);
    store = builder().build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  String create(String user) {
    String id = tokens.next();
    store.commit(
        SessionChange.create(id, tokens.next(), clock.millis())
            .user(user, clock.millis())
            .put("a", bytes("1"))
            .ttl(TTL)
            .build());
    return id;
  }

  Snapshot loaded(String id) {
    return Objects.requireNonNull(store.load(id), "no live session under the id");
  }

  /** Every session hash under this test's prefix, on every node. */
  @SuppressWarnings("unchecked")
  int sessionHashes() {
    int count = 0;
    for (RedisServer node : redis().nodes()) {
      count += ((List<Object>) Objects.requireNonNull(node.command("KEYS", prefix + "s:*"))).size();
    }
    return count;
  }

  static byte[] bytes(String value) {
    return value.getBytes(UTF_8);
  }

  @Test
  void create_committedTwice_answersVersionOne_andStoresOneSession() {
    String id = tokens.next();
    SessionChange change =
        SessionChange.create(id, tokens.next(), clock.millis())
            .user("alice", clock.millis())
            .ttl(TTL)
            .build();

    assertThat(store.commit(change)).isEqualTo(1);
    assertThat(store.commit(change)).isEqualTo(1);

    assertThat(loaded(id).version()).isEqualTo(1);
    assertThat(store.sessionsOf("alice")).extracting(Snapshot::id).containsExactly(id);
  }

  @Test
  void update_committedTwice_isAppliedOnce() {
    String id = create("alice");
    SessionChange change = SessionChange.update(id).put("b", bytes("2")).ttl(TTL).build();

    assertThat(store.commit(change)).isEqualTo(2);
    assertThat(store.commit(change)).isEqualTo(2);

    assertThat(loaded(id).version()).isEqualTo(2);
  }

  @Test
  void compareAndSet_committedTwice_answersTheEarlierVersion_notAConflict() {
    String id = create("alice");
    SessionChange change =
        SessionChange.update(id).put("b", bytes("2")).expectVersion(1).ttl(TTL).build();

    assertThat(store.commit(change)).isEqualTo(2);
    assertThat(store.commit(change)).isEqualTo(2);

    assertThat(loaded(id).version()).isEqualTo(2);
  }

  @Test
  void rotation_committedTwice_answersTheNewId_oldIdDead_oneSessionForTheUser() {
    String id = create("alice");
    String rotated = tokens.next();
    SessionChange change =
        SessionChange.update(id).rotateTo(rotated, tokens.next()).expectVersion(1).ttl(TTL).build();

    assertThat(store.commit(change)).isEqualTo(2);
    assertThat(store.commit(change)).isEqualTo(2);

    assertThat(store.load(id)).isNull();
    assertThat(loaded(rotated).version()).isEqualTo(2);
    assertThat(store.sessionsOf("alice")).extracting(Snapshot::id).containsExactly(rotated);
    assertThat(sessionHashes()).as("no orphan hash").isEqualTo(1);
  }

  @Test
  void signOut_committedTwice_isAppliedOnce() {
    String id = create("alice");
    SessionChange change = SessionChange.update(id).user(null, 0).ttl(TTL).build();

    assertThat(store.commit(change)).isEqualTo(2);
    assertThat(store.commit(change)).isEqualTo(2);

    assertThat(loaded(id).user()).isNull();
    assertThat(loaded(id).version()).isEqualTo(2);
    assertThat(store.sessionsOf("alice")).isEmpty();
  }

  @Test
  void repeat_afterAnotherCommitLanded_isACommitOfItsOwn() {
    String id = create("alice");
    SessionChange first = SessionChange.update(id).put("b", bytes("2")).ttl(TTL).build();
    SessionChange casFirst =
        SessionChange.update(id).put("b", bytes("2")).expectVersion(2).ttl(TTL).build();
    assertThat(store.commit(first)).isEqualTo(2);
    assertThat(store.commit(casFirst)).isEqualTo(3);
    assertThat(store.commit(SessionChange.update(id).put("c", bytes("3")).ttl(TTL).build()))
        .isEqualTo(4);

    // Only the commit that wrote the current version is remembered.
    assertThat(store.commit(first)).isEqualTo(5);
    assertThatThrownBy(() -> store.commit(casFirst)).isInstanceOf(VersionConflictException.class);
  }

  @Test
  void sameContent_inANewChange_isANewCommit() {
    String id = create("alice");
    assertThat(store.commit(SessionChange.update(id).put("b", bytes("2")).ttl(TTL).build()))
        .isEqualTo(2);
    assertThat(store.commit(SessionChange.update(id).put("b", bytes("2")).ttl(TTL).build()))
        .isEqualTo(3);
  }

  @Test
  void touch_doesNotForgetTheLastDataCommit() {
    String id = create("alice");
    SessionChange change = SessionChange.update(id).put("b", bytes("2")).ttl(TTL).build();
    assertThat(store.commit(change)).isEqualTo(2);
    assertThat(
            store.commit(SessionChange.update(id).lastAccessedAt(clock.millis()).ttl(TTL).build()))
        .isEqualTo(2);

    assertThat(store.commit(change)).isEqualTo(2);
    assertThat(loaded(id).version()).isEqualTo(2);
  }

  @Test
  void repeat_ofADroppedSession_isNotFound() {
    String id = create("alice");
    SessionChange change = SessionChange.update(id).put("b", bytes("2")).ttl(TTL).build();
    assertThat(store.commit(change)).isEqualTo(2);
    store.drop(id);

    assertThatThrownBy(() -> store.commit(change))
        .isInstanceOf(dev.sojourn.store.SessionNotFoundException.class);
  }
}
