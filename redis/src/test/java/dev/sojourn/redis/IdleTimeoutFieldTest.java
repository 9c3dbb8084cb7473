package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.Snapshot;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The own idle timeout's hash field {@code m}: written only when a session has one, read back
 * exactly, and a value that is not a positive number makes the hash corrupt.
 */
class IdleTimeoutFieldTest {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  private static final Duration TTL = Duration.ofMinutes(30);
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private final MutableClock clock = MutableClock.start();
  private final TokenGenerator tokens = TokenGenerator.secure();
  private String prefix = "";
  private RedisStore store;

  @BeforeEach
  void open() {
    prefix = "idle" + PREFIXES.incrementAndGet() + ":";
    store = RedisStore.builder().uri(REDIS.uri()).clock(clock).keyPrefix(prefix).build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private String created(long idleTimeoutMillis) {
    String id = tokens.next();
    SessionChange.Builder change =
        SessionChange.create(id, tokens.next(), clock.millis()).put("a", "1".getBytes(UTF_8));
    if (idleTimeoutMillis != Snapshot.DEFAULT_IDLE_TIMEOUT) {
      change.idleTimeoutMillis(idleTimeoutMillis);
    }
    store.commit(change.ttl(TTL).build());
    return id;
  }

  private String key(String id) {
    return prefix + "s:{" + Keys.digest(id) + "}";
  }

  private Object field(String id, String name) {
    return Objects.requireNonNullElse(REDIS.server().command("HGET", key(id), name), "absent");
  }

  @Test
  void sessionWithoutItsOwn_hasNoField() {
    String id = created(Snapshot.DEFAULT_IDLE_TIMEOUT);
    assertThat(field(id, "m")).isEqualTo("absent");
  }

  @Test
  void ownIdleTimeout_isStoredAsMilliseconds_andResetRemovesTheField() {
    String id = created(60_000);
    assertThat(field(id, "m")).isEqualTo("60000");
    store.commit(
        SessionChange.update(id).idleTimeoutMillis(Snapshot.DEFAULT_IDLE_TIMEOUT).ttl(TTL).build());
    assertThat(field(id, "m")).isEqualTo("absent");
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "-5", "0", "1.5", ""})
  void ownIdleTimeout_thatIsNotAPositiveNumber_makesTheSessionCorrupt(String value) {
    String id = created(60_000);
    REDIS.server().command("HSET", key(id), "m", value);
    assertThat(store.load(id)).isNull();
    assertThat(store.corruptSessions()).isEqualTo(1);
  }

  @Test
  void manager_endsASessionAfterItsOwnIdleTimeout_onRedis() {
    SessionManager manager =
        SessionManager.builder()
            .store(RedisStore.builder().uri(REDIS.uri()).clock(clock).keyPrefix(prefix).build())
            .clock(clock)
            .idleTimeout(Duration.ofMinutes(30))
            .build();
    try {
      Session session = manager.open(null);
      session.put("a", "1");
      session.idleTimeout(Duration.ofMinutes(1));
      manager.commit(session);
      String id = session.id();
      clock.advance(Duration.ofSeconds(59));
      assertThat(manager.open(id).isNew()).isFalse();
      clock.advance(Duration.ofSeconds(1));
      assertThat(manager.open(id).isNew()).isTrue();
      SessionChange late = SessionChange.update(id).ttl(TTL).build();
      assertThatThrownBy(() -> store.commit(late)).isInstanceOf(SessionNotFoundException.class);
    } finally {
      manager.close();
    }
  }
}
