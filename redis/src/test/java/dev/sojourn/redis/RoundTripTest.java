package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One round trip per load and per commit on standalone Redis, none for an unchanged request inside
 * the touch window, and the NOSCRIPT fallback; plus the manager's user-level operations end to end.
 */
class RoundTripTest {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  private static final Duration TTL = Duration.ofMinutes(30);

  private final MutableClock clock = MutableClock.start();
  private final TokenGenerator tokens = TokenGenerator.secure();
  private RedisStore store;
  private SessionManager manager;

  @BeforeEach
  void open() {
    store =
        RedisStore.builder()
            .uri(REDIS.uri())
            .clock(clock)
            .keyPrefix("trips:" + tokens.next() + ":")
            .idKey(new byte[32])
            .build();
    manager =
        SessionManager.builder()
            .store(store)
            .clock(clock)
            .idleTimeout(Duration.ofMinutes(30))
            .touchInterval(Duration.ofMinutes(1))
            .build();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void loadAndCommit_costOneRoundTripEach_evenWithAUserAndARotation() {
    String warmUp = tokens.next();
    store.commit(SessionChange.create(warmUp, tokens.next(), clock.millis()).ttl(TTL).build());
    store.drop(warmUp); // the server now has both scripts, whichever test ran first
    String id = tokens.next();
    long before = store.roundTrips();
    store.commit(
        SessionChange.create(id, tokens.next(), clock.millis())
            .user("alice", clock.millis())
            .put("a", "1".getBytes(UTF_8))
            .ttl(TTL)
            .build());
    assertThat(store.load(id)).isNotNull();
    String rotated = tokens.next();
    store.commit(
        SessionChange.update(id).rotateTo(rotated, tokens.next()).remove("a").ttl(TTL).build());
    assertThat(store.drop(rotated)).isTrue();
    assertThat(store.roundTrips() - before).isEqualTo(4);
  }

  @Test
  void commit_afterTheServerForgotItsScripts_fallsBackToEval() {
    String id = tokens.next();
    store.commit(SessionChange.create(id, tokens.next(), clock.millis()).ttl(TTL).build());
    REDIS.server().command("SCRIPT", "FLUSH");
    long before = store.roundTrips();
    store.commit(SessionChange.update(id).put("b", "2".getBytes(UTF_8)).ttl(TTL).build());
    assertThat(store.roundTrips() - before).as("NOSCRIPT, then EVAL").isEqualTo(2);
    before = store.roundTrips();
    store.commit(SessionChange.update(id).put("b", "3".getBytes(UTF_8)).ttl(TTL).build());
    assertThat(store.roundTrips() - before).as("cached again").isEqualTo(1);
    assertThat(Objects.requireNonNull(store.load(id)).attributes().get("b"))
        .isEqualTo("3".getBytes(UTF_8));
  }

  @Test
  void unchangedSession_insideTheTouchWindow_costsOneLoad_andNoWrite() {
    Session session = manager.open(null);
    session.login("alice");
    manager.commit(session);
    String id = session.id();
    clock.advance(Duration.ofSeconds(30));

    long before = store.roundTrips();
    Session again = manager.open(id);
    assertThat(again.user()).isEqualTo("alice");
    manager.commit(again);
    assertThat(store.roundTrips() - before).as("one load, no write").isEqualTo(1);

    clock.advance(Duration.ofSeconds(31));
    before = store.roundTrips();
    manager.commit(manager.open(id));
    assertThat(store.roundTrips() - before).as("one load, one touch").isEqualTo(2);
  }

  @Test
  void manager_revokesTheOtherDevices_ofAUser() {
    Session laptop = manager.open(null);
    laptop.login("alice");
    manager.commit(laptop);
    Session phone = manager.open(null);
    phone.login("alice");
    manager.commit(phone);

    assertThat(manager.sessionsOf("alice"))
        .extracting(s -> s.id())
        .containsExactlyInAnyOrder(laptop.id(), phone.id());
    assertThat(manager.revokeOthers("alice", laptop.id())).isEqualTo(1);

    assertThat(manager.open(laptop.id()).isNew()).isFalse();
    assertThat(manager.open(phone.id()).isNew()).isTrue();
  }
}
