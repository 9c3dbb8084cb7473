package dev.sojourn.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.UserIndex;
import dev.sojourn.store.VersionConflictException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SessionStore} must meet, as a JUnit 5 suite: subclass it, implement
 * {@link #newStore}, and every test here runs against your store. The concurrency half is in {@link
 * StoreConcurrencyContract}, which extends this class.
 *
 * <p>Time is a {@link MutableClock} the suite advances; the store must read its deadlines from the
 * clock it is given. Stores that keep real server-side expiry as well (Redis) must keep keys alive
 * for at least the TTL measured in real time, so a suite that runs in seconds never sees a key
 * vanish on its own.
 */
public abstract class StoreContract {
  /** A TTL used by most tests. */
  protected static final Duration TTL = Duration.ofMinutes(30);

  /** The suite's clock; starts at 2026-01-01T00:00:00Z for every test. */
  protected MutableClock clock = MutableClock.start();

  /** The store under test, fresh for every test. */
  protected SessionStore store = new NoStore();

  private final TokenGenerator tokens = TokenGenerator.secure();

  /**
   * For subclasses. JUnit makes an instance for every test (unless the subclass asks for {@code
   * PER_CLASS}); {@link #newStore} is called before each test, not here.
   */
  public StoreContract() {}

  /**
   * Returns a fresh, empty store that reads time from {@code clock}. Called before every test; the
   * suite closes the store after it.
   *
   * @param clock the suite's clock, which the tests advance; the store must take every deadline
   *     decision from it
   * @return the store under test, holding no session
   * @throws Exception if the store cannot be made; the test then fails
   */
  protected abstract SessionStore newStore(MutableClock clock) throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    clock = MutableClock.start();
    store = newStore(clock);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** {@return a new well-formed session ID, from {@link TokenGenerator#secure()}} */
  protected String newId() {
    return tokens.next();
  }

  /**
   * Encodes a string the way tests compare attribute bytes.
   *
   * @param value the text
   * @return its UTF-8 bytes
   */
  protected static byte[] bytes(String value) {
    return value.getBytes(UTF_8);
  }

  /**
   * Stores a new session with attribute {@code a=1} ({@link #bytes bytes}) and the suite's {@link
   * #TTL}.
   *
   * @return the new session's ID
   */
  protected String created() {
    String id = newId();
    store.commit(
        SessionChange.create(id, newId(), clock.millis()).put("a", bytes("1")).ttl(TTL).build());
    return id;
  }

  /**
   * Loads a session that must be live.
   *
   * @param id the session's ID
   * @return its snapshot
   * @throws NullPointerException if the store does not return it (the test fails)
   */
  protected Snapshot live(String id) {
    return Objects.requireNonNull(store.load(id), "expected a live session");
  }

  @Test
  void load_returnsNull_forEmptyId() {
    assertThat(store.load("")).isNull();
  }

  @Test
  void load_returnsNull_forUnknownId() {
    assertThat(store.load(newId())).isNull();
  }

  @Test
  void drop_isNoOp_forEmptyAndUnknownId() {
    String id = created();
    assertThat(store.drop("")).isFalse();
    assertThat(store.drop(newId())).isFalse();
    assertThat(store.load(id)).isNotNull();
  }

  @Test
  void commit_rejectsNullChange() {
    assertThatThrownBy(() -> store.commit(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("change must not be null");
  }

  @Test
  void commit_rejectsEmptyId() {
    SessionChange change = SessionChange.update("").ttl(TTL).build();
    assertThatThrownBy(() -> store.commit(change))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("session id must not be empty");
  }

  @Test
  void commit_rejectsZeroTtl_andStoresNothing() {
    String id = newId();
    SessionChange change =
        SessionChange.create(id, newId(), clock.millis()).ttl(Duration.ZERO).build();
    assertThatThrownBy(() -> store.commit(change))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive, was PT0S");
    assertThat(store.load(id)).isNull();
  }

  @Test
  void commit_rejectsNegativeTtl() {
    SessionChange change = SessionChange.update(newId()).ttl(Duration.ofSeconds(-5)).build();
    assertThatThrownBy(() -> store.commit(change))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive, was PT-5S");
  }

  @Test
  void create_thenLoad_returnsEveryField() {
    String id = newId();
    String csrf = newId();
    long now = clock.millis();
    long version =
        store.commit(
            SessionChange.create(id, csrf, now - 1000)
                .user("alice", now - 500)
                .lastAccessedAt(now)
                .put("cart", bytes("three apples"))
                .ttl(TTL)
                .build());

    Snapshot snapshot = live(id);
    assertThat(version).isEqualTo(1);
    assertThat(snapshot.id()).isEqualTo(id);
    assertThat(snapshot.csrfToken()).isEqualTo(csrf);
    assertThat(snapshot.user()).isEqualTo("alice");
    assertThat(snapshot.createdAtMillis()).isEqualTo(now - 1000);
    assertThat(snapshot.authenticatedAtMillis()).isEqualTo(now - 500);
    assertThat(snapshot.lastAccessedAtMillis()).isEqualTo(now);
    assertThat(snapshot.version()).isEqualTo(1);
    assertThat(snapshot.expiresAtMillis()).isEqualTo(now + TTL.toMillis());
    assertThat(snapshot.attributes()).containsOnlyKeys("cart");
    assertThat(snapshot.attributes().get("cart")).isEqualTo(bytes("three apples"));
  }

  @Test
  void create_overLiveSession_isRejected_andKeepsTheStoredOne() {
    String id = created();
    SessionChange again =
        SessionChange.create(id, newId(), clock.millis()).put("a", bytes("2")).ttl(TTL).build();
    assertThatThrownBy(() -> store.commit(again)).isInstanceOf(IllegalStateException.class);
    assertThat(live(id).attributes().get("a")).isEqualTo(bytes("1"));
  }

  @Test
  void update_ofUnknownSession_throwsNotFound_andStoresNothing() {
    String id = newId();
    SessionChange change = SessionChange.update(id).put("a", bytes("1")).ttl(TTL).build();
    assertThatThrownBy(() -> store.commit(change)).isInstanceOf(SessionNotFoundException.class);
    assertThat(store.load(id)).isNull();
  }

  @Test
  void update_afterDrop_doesNotResurrect() {
    String id = created();
    assertThat(store.drop(id)).isTrue();
    assertThat(store.drop(id)).isFalse();
    SessionChange change = SessionChange.update(id).put("b", bytes("2")).ttl(TTL).build();
    assertThatThrownBy(() -> store.commit(change)).isInstanceOf(SessionNotFoundException.class);
    assertThat(store.load(id)).isNull();
  }

  @Test
  void load_servesJustBeforeDeadline_andNotFromIt() {
    String id = created();
    clock.advance(TTL.minusMillis(1));
    assertThat(store.load(id)).isNotNull();
    clock.advanceMillis(1);
    assertThat(store.load(id)).isNull();
  }

  @Test
  void update_afterExpiry_doesNotResurrect() {
    String id = created();
    clock.advance(TTL);
    SessionChange change = SessionChange.update(id).put("b", bytes("2")).ttl(TTL).build();
    assertThatThrownBy(() -> store.commit(change)).isInstanceOf(SessionNotFoundException.class);
    assertThat(store.load(id)).isNull();
  }

  @Test
  void touch_movesTheDeadline_andKeepsTheVersion() {
    String id = created();
    clock.advance(Duration.ofMinutes(20));
    long version =
        store.commit(SessionChange.update(id).lastAccessedAt(clock.millis()).ttl(TTL).build());
    assertThat(version).isEqualTo(1);
    clock.advance(Duration.ofMinutes(20));
    Snapshot snapshot = live(id);
    assertThat(snapshot.version()).isEqualTo(1);
    assertThat(snapshot.lastAccessedAtMillis()).isEqualTo(clock.millis() - 20 * 60_000);
  }

  @Test
  void update_appliesOnlyTheDelta() {
    String id = newId();
    store.commit(
        SessionChange.create(id, newId(), clock.millis())
            .put("a", bytes("1"))
            .put("b", bytes("2"))
            .put("c", bytes("3"))
            .ttl(TTL)
            .build());
    long version =
        store.commit(SessionChange.update(id).put("b", bytes("20")).remove("c").ttl(TTL).build());

    Snapshot snapshot = live(id);
    assertThat(version).isEqualTo(2);
    assertThat(snapshot.version()).isEqualTo(2);
    assertThat(snapshot.attributes()).containsOnlyKeys("a", "b");
    assertThat(snapshot.attributes().get("a")).isEqualTo(bytes("1"));
    assertThat(snapshot.attributes().get("b")).isEqualTo(bytes("20"));
  }

  @Test
  void update_withClear_replacesAllAttributes() {
    String id = created();
    store.commit(SessionChange.update(id).clearAttributes().put("z", bytes("9")).ttl(TTL).build());
    assertThat(live(id).attributes()).containsOnlyKeys("z");
  }

  @Test
  void update_setsAndClearsTheUser() {
    String id = created();
    store.commit(SessionChange.update(id).user("bob", clock.millis()).ttl(TTL).build());
    assertThat(live(id).user()).isEqualTo("bob");
    assertThat(live(id).authenticatedAtMillis()).isEqualTo(clock.millis());

    store.commit(SessionChange.update(id).user(null, clock.millis()).ttl(TTL).build());
    assertThat(live(id).user()).isNull();
    assertThat(live(id).authenticatedAt()).isNull();
    assertThat(live(id).version()).isEqualTo(3);
  }

  @Test
  void update_withExpectedVersion_appliesWhenItMatches() {
    String id = created();
    long version =
        store.commit(
            SessionChange.update(id).expectVersion(1).put("a", bytes("2")).ttl(TTL).build());
    assertThat(version).isEqualTo(2);
    assertThat(live(id).attributes().get("a")).isEqualTo(bytes("2"));
  }

  @Test
  void update_withStaleVersion_throwsConflict_andAppliesNothing() {
    String id = created();
    store.commit(SessionChange.update(id).put("a", bytes("2")).ttl(TTL).build());
    SessionChange stale =
        SessionChange.update(id).expectVersion(1).put("a", bytes("3")).ttl(TTL).build();

    assertThatThrownBy(() -> store.commit(stale))
        .isInstanceOfSatisfying(
            VersionConflictException.class,
            e -> {
              assertThat(e.expected()).isEqualTo(1);
              assertThat(e.actual()).isEqualTo(2);
            })
        .hasMessage("version conflict: expected version 1 but the stored one is 2");
    assertThat(live(id).attributes().get("a")).isEqualTo(bytes("2"));
  }

  @Test
  void rotation_movesTheSession_andKillsTheOldId() {
    String id = created();
    store.commit(SessionChange.update(id).user("alice", clock.millis()).ttl(TTL).build());
    String newId = newId();
    String newCsrf = newId();

    store.commit(SessionChange.update(id).rotateTo(newId, newCsrf).ttl(TTL).build());

    assertThat(store.load(id)).isNull();
    Snapshot rotated = live(newId);
    assertThat(rotated.id()).isEqualTo(newId);
    assertThat(rotated.csrfToken()).isEqualTo(newCsrf);
    assertThat(rotated.user()).isEqualTo("alice");
    assertThat(rotated.attributes().get("a")).isEqualTo(bytes("1"));
    assertThat(rotated.version()).isEqualTo(3);
  }

  @Test
  void rotation_thenCommitToTheOldId_doesNotResurrect() {
    String id = created();
    store.commit(SessionChange.update(id).rotateTo(newId(), newId()).ttl(TTL).build());
    SessionChange late = SessionChange.update(id).put("x", bytes("1")).ttl(TTL).build();
    assertThatThrownBy(() -> store.commit(late)).isInstanceOf(SessionNotFoundException.class);
    assertThat(store.load(id)).isNull();
    assertThat(store.drop(id)).isFalse();
  }

  @Test
  void rotation_ofUnknownSession_throwsNotFound_andCreatesNothing() {
    String newId = newId();
    SessionChange change = SessionChange.update(newId()).rotateTo(newId, newId()).ttl(TTL).build();
    assertThatThrownBy(() -> store.commit(change)).isInstanceOf(SessionNotFoundException.class);
    assertThat(store.load(newId)).isNull();
  }

  @Test
  void rotatedSession_canBeDropped_underItsNewId() {
    String id = created();
    String newId = newId();
    store.commit(SessionChange.update(id).rotateTo(newId, newId()).ttl(TTL).build());
    assertThat(store.drop(newId)).isTrue();
    assertThat(store.load(newId)).isNull();
  }

  // ---- a session's own idle timeout ----

  @Test
  void create_keepsTheOwnIdleTimeout_andDefaultMeansNone() {
    String id = newId();
    store.commit(
        SessionChange.create(id, newId(), clock.millis())
            .idleTimeoutMillis(60_000)
            .ttl(TTL)
            .build());
    assertThat(live(id).idleTimeoutMillis()).isEqualTo(60_000);
    assertThat(live(created()).idleTimeoutMillis()).isEqualTo(Snapshot.DEFAULT_IDLE_TIMEOUT);
  }

  @Test
  void update_setsTheOwnIdleTimeout_asADataChange_andLaterUpdatesKeepIt() {
    String id = created();
    long version =
        store.commit(SessionChange.update(id).idleTimeoutMillis(90_000).ttl(TTL).build());
    assertThat(version).isEqualTo(2);
    assertThat(live(id).idleTimeoutMillis()).isEqualTo(90_000);

    store.commit(SessionChange.update(id).put("b", bytes("2")).ttl(TTL).build());
    store.commit(SessionChange.update(id).lastAccessedAt(clock.millis()).ttl(TTL).build());
    store.commit(SessionChange.update(id).user("gina", clock.millis()).ttl(TTL).build());
    Snapshot snapshot = live(id);
    assertThat(snapshot.idleTimeoutMillis()).isEqualTo(90_000);
    assertThat(snapshot.version()).isEqualTo(4);
  }

  @Test
  void update_resetsTheOwnIdleTimeout_toTheDefault() {
    String id = newId();
    store.commit(
        SessionChange.create(id, newId(), clock.millis())
            .idleTimeoutMillis(60_000)
            .ttl(TTL)
            .build());
    long version =
        store.commit(
            SessionChange.update(id)
                .idleTimeoutMillis(Snapshot.DEFAULT_IDLE_TIMEOUT)
                .ttl(TTL)
                .build());
    assertThat(version).isEqualTo(2);
    assertThat(live(id).idleTimeoutMillis()).isEqualTo(Snapshot.DEFAULT_IDLE_TIMEOUT);
  }

  @Test
  void ownIdleTimeout_ofNever_isKeptExactly() {
    String id = created();
    store.commit(SessionChange.update(id).idleTimeoutMillis(Long.MAX_VALUE).ttl(TTL).build());
    assertThat(live(id).idleTimeoutMillis()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void rotation_keepsTheOwnIdleTimeout_andMaySetIt() {
    String id = newId();
    store.commit(
        SessionChange.create(id, newId(), clock.millis())
            .idleTimeoutMillis(60_000)
            .ttl(TTL)
            .build());
    String second = newId();
    store.commit(SessionChange.update(id).rotateTo(second, newId()).ttl(TTL).build());
    assertThat(live(second).idleTimeoutMillis()).isEqualTo(60_000);

    String third = newId();
    store.commit(
        SessionChange.update(second)
            .rotateTo(third, newId())
            .idleTimeoutMillis(120_000)
            .ttl(TTL)
            .build());
    assertThat(live(third).idleTimeoutMillis()).isEqualTo(120_000);
    assertThat(store.load(second)).isNull();
  }

  @Test
  void update_withStaleVersion_doesNotSetTheOwnIdleTimeout() {
    String id = created();
    store.commit(SessionChange.update(id).put("a", bytes("2")).ttl(TTL).build());
    SessionChange stale =
        SessionChange.update(id).expectVersion(1).idleTimeoutMillis(5_000).ttl(TTL).build();
    assertThatThrownBy(() -> store.commit(stale)).isInstanceOf(VersionConflictException.class);
    assertThat(live(id).idleTimeoutMillis()).isEqualTo(Snapshot.DEFAULT_IDLE_TIMEOUT);
  }

  // ---- optional capability: UserIndex ----

  private UserIndex userIndex() {
    assumeTrue(store instanceof UserIndex, "store does not implement UserIndex");
    return (UserIndex) store;
  }

  private String createdFor(String user) {
    String id = newId();
    store.commit(
        SessionChange.create(id, newId(), clock.millis())
            .user(user, clock.millis())
            .ttl(TTL)
            .build());
    return id;
  }

  @Test
  void userIndex_listsExactlyTheUsersLiveSessions() {
    UserIndex index = userIndex();
    String one = createdFor("alice");
    String two = createdFor("alice");
    createdFor("bob");
    created();
    assertThat(index.sessionsOf("alice"))
        .extracting(Snapshot::id)
        .containsExactlyInAnyOrder(one, two);
    assertThat(index.sessionsOf("nobody")).isEmpty();
  }

  @Test
  void userIndex_followsLoginLogoutRotationAndDrop() {
    UserIndex index = userIndex();
    String id = created();
    store.commit(SessionChange.update(id).user("carol", clock.millis()).ttl(TTL).build());
    assertThat(index.sessionsOf("carol")).extracting(Snapshot::id).containsExactly(id);

    String rotated = newId();
    store.commit(SessionChange.update(id).rotateTo(rotated, newId()).ttl(TTL).build());
    assertThat(index.sessionsOf("carol")).extracting(Snapshot::id).containsExactly(rotated);

    store.commit(SessionChange.update(rotated).user("dave", clock.millis()).ttl(TTL).build());
    assertThat(index.sessionsOf("carol")).isEmpty();
    assertThat(index.sessionsOf("dave")).extracting(Snapshot::id).containsExactly(rotated);

    store.commit(SessionChange.update(rotated).user(null, clock.millis()).ttl(TTL).build());
    assertThat(index.sessionsOf("dave")).isEmpty();

    String other = createdFor("erin");
    store.drop(other);
    assertThat(index.sessionsOf("erin")).isEmpty();
  }

  @Test
  void userIndex_listsTheOwnIdleTimeout() {
    UserIndex index = userIndex();
    String id = createdFor("hana");
    store.commit(SessionChange.update(id).idleTimeoutMillis(45_000).ttl(TTL).build());
    assertThat(index.sessionsOf("hana"))
        .extracting(Snapshot::idleTimeoutMillis)
        .containsExactly(45_000L);
  }

  @Test
  void userIndex_neverListsAnExpiredSession() {
    UserIndex index = userIndex();
    createdFor("frank");
    clock.advance(TTL);
    assertThat(index.sessionsOf("frank")).isEmpty();
  }

  /** Placeholder until {@link #openStore} runs; every method fails. */
  private static final class NoStore implements SessionStore {
    @Override
    public @Nullable Snapshot load(String id) {
      throw new IllegalStateException("no store yet");
    }

    @Override
    public long commit(@Nullable SessionChange change) {
      throw new IllegalStateException("no store yet");
    }

    @Override
    public boolean drop(String id) {
      throw new IllegalStateException("no store yet");
    }
  }
}
