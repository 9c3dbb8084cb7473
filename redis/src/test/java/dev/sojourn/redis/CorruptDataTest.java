package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisServer;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Garbage in a session hash makes the session count as absent: logged and counted, never an
 * exception to the caller; and a commit never builds on it.
 */
class CorruptDataTest {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  private static final Duration TTL = Duration.ofMinutes(30);
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private final MutableClock clock = MutableClock.start();
  private final TokenGenerator tokens = TokenGenerator.secure();
  private String prefix = "";
  private RedisStore store;

  @BeforeEach
  void open() {
    prefix = "corrupt" + PREFIXES.incrementAndGet() + ":";
    store = RedisStore.builder().uri(REDIS.uri()).clock(clock).keyPrefix(prefix).build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private RedisServer server() {
    return REDIS.server();
  }

  private String created() {
    String id = tokens.next();
    store.commit(
        SessionChange.create(id, tokens.next(), clock.millis())
            .put("a", "1".getBytes(UTF_8))
            .ttl(TTL)
            .build());
    assertThat(store.load(id)).isNotNull();
    return id;
  }

  private String key(String id) {
    return prefix + "s:{" + Keys.digest(id) + "}";
  }

  private void assertAbsent_andCounted(String id) {
    assertThat(store.load(id)).isNull();
    assertThat(store.corruptSessions()).isEqualTo(1);
  }

  /** The scripts judge liveness by the layout version, deadline and version fields. */
  private void assertCommitFindsNoSession(String id) {
    SessionChange update = SessionChange.update(id).put("b", "2".getBytes(UTF_8)).ttl(TTL).build();
    assertThatThrownBy(() -> store.commit(update)).isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void foreignField_makesTheSessionAbsent() {
    String id = created();
    server().command("HSET", key(id), "evil", "1");
    assertAbsent_andCounted(id);
  }

  @Test
  void otherLayoutVersion_makesTheSessionAbsent() {
    String id = created();
    server().command("HSET", key(id), "v", "2");
    assertAbsent_andCounted(id);
    assertCommitFindsNoSession(id);
  }

  @Test
  void missingLayoutVersion_makesTheSessionAbsent() {
    String id = created();
    server().command("HDEL", key(id), "v");
    assertAbsent_andCounted(id);
    assertCommitFindsNoSession(id);
  }

  @Test
  void fieldThatIsNotUtf8_makesTheSessionAbsent() {
    String id = created();
    server().commandBytes(bytes("HSET"), bytes(key(id)), bytes("u"), new byte[] {(byte) 0xff, 0});
    assertAbsent_andCounted(id);
  }

  @Test
  void numberThatDoesNotParse_makesTheSessionAbsent() {
    String id = created();
    server().command("HSET", key(id), "n", "seven");
    assertAbsent_andCounted(id);
    assertCommitFindsNoSession(id);
  }

  @Test
  void missingRequiredField_makesTheSessionAbsent() {
    String id = created();
    server().command("HDEL", key(id), "c");
    assertAbsent_andCounted(id);
  }

  @Test
  void keyThatIsNotAHash_makesTheSessionAbsent_andCanBeReplacedAndDropped() {
    String id = created();
    server().command("DEL", key(id));
    server().command("SET", key(id), "garbage", "EX", "60");
    assertAbsent_andCounted(id);
    assertCommitFindsNoSession(id);
    assertThat(store.drop(id)).isFalse();
    assertThat(server().command("EXISTS", key(id))).isEqualTo(0L);
  }

  @Test
  void userSessionWhoseKeyIsNotAHash_isLeftOutOfTheListing() {
    RedisStore listing =
        RedisStore.builder()
            .uri(REDIS.uri())
            .clock(clock)
            .keyPrefix(prefix)
            .idKey(new byte[32])
            .build();
    try (listing) {
      String kept = tokens.next();
      String broken = tokens.next();
      for (String id : new String[] {kept, broken}) {
        listing.commit(
            SessionChange.create(id, tokens.next(), clock.millis())
                .user("alice", clock.millis())
                .ttl(TTL)
                .build());
      }
      server().command("DEL", key(broken));
      server().command("SET", key(broken), "garbage", "EX", "60");

      assertThat(listing.sessionsOf("alice")).extracting(s -> s.id()).containsExactly(kept);
      assertThat(listing.corruptSessions()).isEqualTo(1);
    }
  }

  @Test
  void createOverGarbage_storesAFreshSession() {
    String id = tokens.next();
    server().command("HSET", key(id), "v", "99", "junk", "x");
    server().command("PEXPIRE", key(id), "60000");
    store.commit(SessionChange.create(id, tokens.next(), clock.millis()).ttl(TTL).build());
    assertThat(store.load(id)).isNotNull();
    assertThat(store.corruptSessions()).isZero();
  }

  @Test
  void undecodableAttributeBytes_giveTheCallerAFreshSession_throughTheManager() {
    try (SessionManager manager = SessionManager.builder().store(store).clock(clock).build()) {
      Session session = manager.open(null);
      session.put("cart", "apples");
      manager.commit(session);
      String id = session.id();
      assertThat(manager.open(id).isNew()).isFalse();

      server().commandBytes(bytes("HSET"), bytes(key(id)), bytes("a:cart"), new byte[] {7, 7, 7});

      Session reopened = manager.open(id);
      assertThat(reopened.isNew()).isTrue();
      assertThat(reopened.id()).isNotEqualTo(id);
      assertThat(manager.undecodableSessions()).isEqualTo(1);
    }
  }

  private static byte[] bytes(String value) {
    return value.getBytes(UTF_8);
  }
}
