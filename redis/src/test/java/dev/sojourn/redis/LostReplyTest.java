package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.SessionKey;
import dev.sojourn.SessionManager;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.StoreException;
import dev.sojourn.testing.CuttingProxy;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once commits on standalone Redis: a real TCP proxy between the store and the server
 * forwards a commit and then cuts the connection before the reply reaches the client, so the server
 * has applied it and the client reconnects and sends it again. Each commit must land once.
 */
class LostReplyTest {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  private static final Duration TTL = Duration.ofMinutes(30);
  private static final SessionKey<Long> COUNTER = SessionKey.of("counter", Long.class);

  private final MutableClock clock = MutableClock.start();
  private final TokenGenerator tokens = TokenGenerator.secure();
  private final String prefix = "lost:" + tokens.next() + ":";
  private CuttingProxy proxy;
  private RedisStore store;

  @BeforeEach
  void open() {
    proxy = CuttingProxy.start(REDIS.server().port());
    store =
        RedisStore.builder()
            .uri(proxy.redisUri())
            .clock(clock)
            .keyPrefix(prefix)
            .idKey(new byte[32])
            .commandTimeout(Duration.ofSeconds(5))
            .build();
    // Loads every script, so that a cut reply is the commit's own, never a NOSCRIPT.
    String warmUp = create(null);
    String rotated = tokens.next();
    store.commit(SessionChange.update(warmUp).rotateTo(rotated, tokens.next()).ttl(TTL).build());
    store.drop(rotated);
  }

  @AfterEach
  void close() {
    store.close();
    proxy.close();
  }

  private String create(@Nullable String user) {
    String id = tokens.next();
    SessionChange.Builder change = SessionChange.create(id, tokens.next(), clock.millis());
    if (user != null) {
      change.user(user, clock.millis());
    }
    store.commit(change.put("a", bytes("1")).ttl(TTL).build());
    return id;
  }

  private long commitLosingTheReply(SessionChange change) {
    int cuts = proxy.cuts();
    proxy.cutReplyToNext("EVALSHA");
    long version = store.commit(change);
    assertThat(proxy.cuts()).as("the proxy cut the commit's reply").isEqualTo(cuts + 1);
    return version;
  }

  @SuppressWarnings("unchecked")
  private List<Object> sessionKeys() {
    Object keys = Objects.requireNonNull(REDIS.server().command("KEYS", prefix + "s:*"));
    return (List<Object>) keys;
  }

  /** Drops {@code id} as soon as the client has reconnected (it refuses calls until then). */
  private boolean dropOnceReconnected(String id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      try {
        return store.drop(id);
      } catch (StoreException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.onSpinWait();
      }
    }
  }

  private static byte[] bytes(String value) {
    return value.getBytes(UTF_8);
  }

  @Test
  void create_whoseReplyIsLost_reportsSuccess_andStoresOneSession() {
    String id = tokens.next();
    long version =
        commitLosingTheReply(
            SessionChange.create(id, tokens.next(), clock.millis())
                .user("carol", clock.millis())
                .put("a", bytes("1"))
                .ttl(TTL)
                .build());

    assertThat(version).isEqualTo(1);
    Snapshot stored = Objects.requireNonNull(store.load(id));
    assertThat(stored.version()).isEqualTo(1);
    assertThat(store.sessionsOf("carol")).extracting(Snapshot::id).containsExactly(id);
  }

  @Test
  void update_whoseReplyIsLost_isAppliedOnce() {
    String id = create(null);
    long version =
        commitLosingTheReply(SessionChange.update(id).put("b", bytes("2")).ttl(TTL).build());

    assertThat(version).isEqualTo(2);
    assertThat(Objects.requireNonNull(store.load(id)).version()).isEqualTo(2);
  }

  @Test
  void counterIncrementedByModify_withEveryReplyLost_endsAtExactlyN() {
    SessionManager manager =
        SessionManager.builder().store(store).clock(clock).idleTimeout(TTL).build();
    var session = manager.newSession();
    session.put(COUNTER, 0L);
    manager.commit(session);
    String id = session.id();
    int n = 10;
    for (int i = 0; i < n; i++) {
      int cuts = proxy.cuts();
      proxy.cutReplyToNext("EVALSHA");
      manager.modify(
          id,
          s -> {
            long next = Objects.requireNonNull(s.get(COUNTER)) + 1;
            s.put(COUNTER, next);
            return next;
          });
      assertThat(proxy.cuts()).isEqualTo(cuts + 1);
    }

    var loaded = manager.open(id);
    assertThat(loaded.get(COUNTER)).isEqualTo((long) n);
    assertThat(loaded.version()).isEqualTo(1 + n);
  }

  @Test
  void rotation_whoseReplyIsLost_answersTheNewId_oldIdDead_oneSessionForTheUser() {
    String id = create("alice");
    String rotated = tokens.next();
    long version =
        commitLosingTheReply(
            SessionChange.update(id).rotateTo(rotated, tokens.next()).ttl(TTL).build());

    assertThat(version).isEqualTo(2);
    assertThat(store.load(id)).isNull();
    assertThat(Objects.requireNonNull(store.load(rotated)).user()).isEqualTo("alice");
    assertThat(store.sessionsOf("alice")).extracting(Snapshot::id).containsExactly(rotated);
    assertThat(sessionKeys()).as("no orphan hash").hasSize(1);
  }

  @Test
  void signOut_whoseReplyIsLost_isAppliedOnce() {
    String id = create("dave");
    long version = commitLosingTheReply(SessionChange.update(id).user(null, 0).ttl(TTL).build());

    assertThat(version).isEqualTo(2);
    Snapshot stored = Objects.requireNonNull(store.load(id));
    assertThat(stored.user()).isNull();
    assertThat(stored.version()).isEqualTo(2);
    assertThat(store.sessionsOf("dave")).isEmpty();
  }

  @Test
  void drop_whoseReplyIsLost_leavesTheSessionGone_andARepeatIsHarmless() {
    String id = create("erin");
    int cuts = proxy.cuts();
    proxy.cutReplyToNext("EVALSHA");
    // A drop is idempotent: its outcome is the same however often it runs; only its answer (was
    // there a live session) can be lost, which is why it is not resent.
    assertThatThrownBy(() -> store.drop(id)).isInstanceOf(StoreException.class);

    assertThat(proxy.cuts()).isEqualTo(cuts + 1);
    assertThat(dropOnceReconnected(id)).isFalse();
    assertThat(store.load(id)).isNull();
    assertThat(store.sessionsOf("erin")).isEmpty();
    assertThat(sessionKeys()).isEmpty();
  }
}
