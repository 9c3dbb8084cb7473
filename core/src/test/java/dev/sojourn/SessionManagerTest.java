package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.memory.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionManagerTest {
  static final SessionKey<String> NAME = SessionKey.of("name", String.class);
  static final SessionKey<Integer> COUNT = SessionKey.of("count", Integer.class);

  final FakeClock clock = new FakeClock();
  final MemoryStore store = MemoryStore.builder().clock(clock).backgroundSweeper(false).build();
  final CountingStore counting = new CountingStore(store);
  final SessionManager manager =
      SessionManager.builder()
          .store(new IndexedCountingStore(counting, store))
          .clock(clock)
          .idleTimeout(Duration.ofMinutes(30))
          .absoluteTimeout(Duration.ofHours(12))
          .touchInterval(Duration.ofMinutes(1))
          .build();

  @AfterEach
  void close() {
    manager.close();
  }

  String stored(String user) {
    Session session = manager.open(null);
    session.put(NAME, user);
    manager.commit(session);
    return session.id();
  }

  // ---- lazy creation and strict mode ----

  @Test
  void open_withoutId_returnsFreshSession_andStoresNothingUntilItHoldsSomething() {
    Session session = manager.open(null);
    assertThat(session.isNew()).isTrue();
    manager.commit(session);
    assertThat(counting.commits).isZero();
    assertThat(store.size()).isZero();

    session.put(COUNT, 1);
    manager.commit(session);
    assertThat(store.size()).isEqualTo(1);
    assertThat(manager.open(session.id()).get(COUNT)).isEqualTo(1);
  }

  @Test
  void oneCopy_committedAgainAndAgain_keepsWhatEachCommitStored() {
    // A request commits before its response and again at the end (SessionFilter); each commit
    // folds its delta into the copy's view of the stored attributes.
    Session session = manager.open(null);
    session.put(NAME, "ada");
    manager.commit(session);
    manager.commit(session);
    session.put(COUNT, 1);
    manager.commit(session);
    session.remove(NAME);
    manager.commit(session);
    manager.commit(session);

    assertThat(session.get(NAME)).isNull();
    assertThat(session.get(COUNT)).isEqualTo(1);
    assertThat(session.attributeNames()).containsExactly("count");
    Session again = manager.open(session.id());
    assertThat(again.get(NAME)).isNull();
    assertThat(again.get(COUNT)).isEqualTo(1);
    assertThat(again.attributeNames()).containsExactly("count");

    again.put(COUNT, 2);
    manager.commit(again);
    again.put(NAME, "bob");
    manager.commit(again);
    assertThat(again.attributeNames()).containsExactlyInAnyOrder("count", "name");
    assertThat(manager.open(again.id()).get(COUNT)).isEqualTo(2);
    assertThat(manager.open(again.id()).get(NAME)).isEqualTo("bob");
  }

  @Test
  void retainedFreshSession_isStored_soItsCsrfTokenSurvivesTheRequest() {
    Session session = manager.open(null);
    session.retain();
    manager.commit(session);
    Session again = manager.open(session.id());
    assertThat(again.isNew()).isFalse();
    assertThat(again.csrfToken()).isEqualTo(session.csrfToken());
  }

  @Test
  void open_withMalformedId_neverReachesTheStore() {
    for (String bad : List.of("", "short", "x".repeat(33), "0OIl".repeat(8), "a b".repeat(11))) {
      Session session = manager.open(bad);
      assertThat(session.isNew()).isTrue();
      assertThat(session.id()).isNotEqualTo(bad);
    }
    assertThat(counting.loads).isZero();
  }

  @Test
  void open_withUnknownWellFormedId_issuesANewId() {
    String unknown = TokenGenerator.secure().next();
    Session session = manager.open(unknown);
    assertThat(session.isNew()).isTrue();
    assertThat(session.id()).isNotEqualTo(unknown);
    assertThat(counting.loads).isEqualTo(1);
  }

  // ---- timeouts on the fake clock ----

  @Test
  void idleTimeout_servesJustBefore_andNotFromTheDeadline() {
    String id = stored("a");
    clock.advance(Duration.ofMinutes(30).minusMillis(1));
    assertThat(manager.getSessionData(id)).containsEntry("name", "a");
    clock.advance(Duration.ofMillis(1));
    Session session = manager.open(id);
    assertThat(session.isNew()).isTrue();
    assertThat(session.id()).isNotEqualTo(id);
  }

  @Test
  void touch_extendsTheIdleDeadline_onceTheTouchIntervalHasPassed() {
    String id = stored("a");
    clock.advance(Duration.ofMinutes(20));
    Session session = manager.open(id);
    manager.commit(session);
    clock.advance(Duration.ofMinutes(20));
    assertThat(manager.open(id).isNew()).isFalse();
  }

  @Test
  void readInsideTheTouchWindow_writesNothing() {
    String id = stored("a");
    int commits = counting.commits;
    clock.advance(Duration.ofSeconds(59));
    manager.commit(manager.open(id));
    assertThat(counting.commits).isEqualTo(commits);
    clock.advance(Duration.ofSeconds(1));
    manager.commit(manager.open(id));
    assertThat(counting.commits).isEqualTo(commits + 1);
  }

  @Test
  void absoluteTimeout_endsABusySession() {
    String id = stored("a");
    for (int i = 0; i < 12 * 4 - 1; i++) {
      clock.advance(Duration.ofMinutes(15));
      Session session = manager.open(id);
      assertThat(session.isNew()).as("after %d quarter hours", i + 1).isFalse();
      manager.commit(session);
    }
    clock.advance(Duration.ofMinutes(15));
    assertThat(manager.open(id).isNew()).isTrue();
  }

  @Test
  void absoluteTimeout_capsTheStoredDeadline() {
    String id = stored("a");
    for (int i = 0; i < 12 * 4 - 1; i++) {
      clock.advance(Duration.ofMinutes(15));
      manager.commit(manager.open(id));
    }
    clock.advance(Duration.ofMinutes(5));
    Session session = manager.open(id);
    session.put(COUNT, 2);
    manager.commit(session);
    Snapshot snapshot = java.util.Objects.requireNonNull(store.load(id));
    assertThat(snapshot.expiresAtMillis())
        .isEqualTo(snapshot.createdAtMillis() + Duration.ofHours(12).toMillis());
  }

  // ---- rotation ----

  @Test
  void login_fromAnonymous_rotatesIdAndCsrfToken_andKillsTheOldId() {
    String id = stored("a");
    Session session = manager.open(id);
    String csrf = session.csrfToken();
    session.login("alice");
    manager.commit(session);

    assertThat(session.id()).isNotEqualTo(id);
    assertThat(session.csrfToken()).isNotEqualTo(csrf);
    assertThat(manager.open(id).isNew()).isTrue();
    Session after = manager.open(session.id());
    assertThat(after.user()).isEqualTo("alice");
    assertThat(after.authenticatedAt()).isEqualTo(clock.instant());
    assertThat(after.get(NAME)).isEqualTo("a");
  }

  @Test
  void login_fromAuthenticated_keepsIdAndCsrfToken() {
    Session session = manager.open(null);
    session.login("alice");
    manager.commit(session);
    String id = session.id();
    String csrf = session.csrfToken();

    Session again = manager.open(id);
    again.login("alice");
    manager.commit(again);
    assertThat(again.id()).isEqualTo(id);
    assertThat(again.csrfToken()).isEqualTo(csrf);
  }

  @Test
  void rotate_renewsIdAndCsrf_keepingUserAndData() {
    Session session = manager.open(null);
    session.login("bob");
    session.put(NAME, "kept");
    manager.commit(session);
    String oldId = session.id();

    Session open = manager.open(oldId);
    open.rotate();
    manager.commit(open);

    assertThat(manager.open(oldId).isNew()).isTrue();
    Session rotated = manager.open(open.id());
    assertThat(rotated.user()).isEqualTo("bob");
    assertThat(rotated.get(NAME)).isEqualTo("kept");
    assertThat(rotated.csrfToken()).isEqualTo(open.csrfToken());
  }

  @Test
  void commit_afterAnotherRequestRotated_doesNotResurrectTheOldId() {
    String id = stored("a");
    Session first = manager.open(id);
    Session second = manager.open(id);
    first.rotate();
    manager.commit(first);
    second.put(COUNT, 7);
    assertThatThrownBy(() -> manager.commit(second)).isInstanceOf(SessionNotFoundException.class);
    assertThat(manager.open(id).isNew()).isTrue();
  }

  @Test
  void logout_endsTheSession() {
    Session session = manager.open(null);
    session.login("alice");
    manager.commit(session);
    Session open = manager.open(session.id());
    open.logout();
    manager.commit(open);
    assertThat(manager.open(session.id()).isNew()).isTrue();
    assertThatThrownBy(() -> open.put(COUNT, 1)).isInstanceOf(IllegalStateException.class);
  }

  // ---- deltas and compare-and-set ----

  @Test
  void concurrentRequests_changingDifferentAttributes_bothLand() {
    String id = stored("a");
    Session one = manager.open(id);
    Session two = manager.open(id);
    one.put(COUNT, 1);
    two.put(NAME, "b");
    manager.commit(one);
    manager.commit(two);
    Session after = manager.open(id);
    assertThat(after.get(COUNT)).isEqualTo(1);
    assertThat(after.get(NAME)).isEqualTo("b");
  }

  @Test
  void modify_retriesOnConflict_andAppliesExactlyOnce() {
    String id = stored("a");
    Session racer = manager.open(id);
    int[] calls = {0};
    int result =
        manager.modify(
            id,
            session -> {
              calls[0]++;
              if (calls[0] == 1) {
                racer.put(COUNT, 100);
                manager.commit(racer);
              }
              Integer count = session.get(COUNT);
              int next = (count == null ? 0 : count) + 1;
              session.put(COUNT, next);
              return next;
            });
    assertThat(calls[0]).isEqualTo(2);
    assertThat(result).isEqualTo(101);
    assertThat(manager.open(id).get(COUNT)).isEqualTo(101);
  }

  @Test
  void typedGet_ofAnotherType_failsWithBothTypeNames() {
    String id = stored("a");
    Session session = manager.open(id);
    assertThatThrownBy(() -> session.get(SessionKey.of("name", Integer.class)))
        .isInstanceOf(ClassCastException.class)
        .hasMessage("attribute 'name' holds a java.lang.String, not a java.lang.Integer");
  }

  // ---- a user's sessions ----

  String signedIn(String user) {
    Session session = manager.open(null);
    session.login(user);
    manager.commit(session);
    return session.id();
  }

  @Test
  void revokeOthers_endsEveryOtherSessionOfTheUser_only() {
    String laptop = signedIn("alice");
    String phone = signedIn("alice");
    String tablet = signedIn("alice");
    String bobs = signedIn("bob");

    assertThat(manager.sessionsOf("alice")).hasSize(3);
    assertThat(manager.revokeOthers("alice", laptop)).isEqualTo(2);

    assertThat(manager.sessionsOf("alice")).extracting(Snapshot::id).containsExactly(laptop);
    assertThat(manager.open(phone).isNew()).isTrue();
    assertThat(manager.open(tablet).isNew()).isTrue();
    assertThat(manager.open(bobs).user()).isEqualTo("bob");
  }

  @Test
  void revoke_ofAnotherUsersSession_doesNothing() {
    String alices = signedIn("alice");
    assertThat(manager.revoke("bob", alices)).isFalse();
    assertThat(manager.open(alices).user()).isEqualTo("alice");
    assertThat(manager.revoke("alice", alices)).isTrue();
    assertThat(manager.open(alices).isNew()).isTrue();
  }

  @Test
  void revokeAll_signsTheUserOutEverywhere() {
    signedIn("carol");
    signedIn("carol");
    assertThat(manager.revokeAll("carol")).isEqualTo(2);
    assertThat(manager.sessionsOf("carol")).isEmpty();
  }

  @Test
  void sessionsOf_onAStoreWithoutAUserIndex_failsWithAClearMessage() {
    SessionManager plain = SessionManager.builder().store(counting).clock(clock).build();
    assertThatThrownBy(() -> plain.sessionsOf("alice"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage(
            "dev.sojourn.SessionManagerTest$CountingStore does not implement UserIndex: it cannot"
                + " list sessions by user");
  }

  // ---- bad data ----

  @Test
  void undecodableSnapshot_countsAsAbsent_andIsLeftAlone() {
    String id = TokenGenerator.secure().next();
    store.commit(
        SessionChange.create(id, TokenGenerator.secure().next(), clock.millis())
            .put("name", new byte[] {9, 9, 9})
            .ttl(Duration.ofMinutes(30))
            .build());
    Session session = manager.open(id);
    assertThat(session.isNew()).isTrue();
    assertThat(manager.undecodableSessions()).isEqualTo(1);
    assertThat(store.load(id)).isNotNull();
  }

  // ---- the seed's operations ----

  @Test
  void seedOperations_createGetUpdateClean() {
    String id = manager.createSession();
    assertThat(manager.getSessionData(id)).isEmpty();
    manager.updateSessionData(id, Map.of("website", "longhoang.de"));
    assertThat(manager.getSessionData(id))
        .containsExactlyEntriesOf(Map.of("website", "longhoang.de"));
    manager.updateSessionData(id, Map.of("other", 1));
    assertThat(manager.getSessionData(id)).containsExactlyEntriesOf(Map.of("other", 1));
    manager.cleanSession(id);
    assertThatThrownBy(() -> manager.getSessionData(id))
        .isInstanceOf(SessionNotFoundException.class)
        .hasMessageStartingWith("getSessionData: no live session");
    assertThatThrownBy(() -> manager.updateSessionData(id, Map.of()))
        .isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void getSessionData_returnsADetachedCopy() {
    String id = manager.createSession();
    manager.updateSessionData(id, Map.of("k", "v"));
    Map<String, Object> data = manager.getSessionData(id);
    assertThatThrownBy(() -> data.put("k", "changed"))
        .isInstanceOf(UnsupportedOperationException.class);
    manager.updateSessionData(id, Map.of("k", "w"));
    assertThat(data).containsEntry("k", "v");
  }

  @Test
  void updateSessionData_restartsTheIdleTimer_getDoesNot() {
    String id = manager.createSession();
    clock.advance(Duration.ofMinutes(29));
    manager.getSessionData(id);
    manager.updateSessionData(id, Map.of("k", "v"));
    clock.advance(Duration.ofMinutes(29));
    assertThat(manager.getSessionData(id)).containsEntry("k", "v");
    clock.advance(Duration.ofMinutes(1));
    assertThatThrownBy(() -> manager.getSessionData(id))
        .isInstanceOf(SessionNotFoundException.class);
  }

  // ---- listeners ----

  @Test
  void listeners_hearEachEventOnce_andAThrowingOneStopsNothing() {
    List<String> events = new ArrayList<>();
    SessionManager listened =
        SessionManager.builder()
            .store(store)
            .clock(clock)
            .idleTimeout(Duration.ofMinutes(1))
            .listener(
                new SessionListener() {
                  @Override
                  public void created(String id) {
                    throw new IllegalStateException("listener bug");
                  }
                })
            .listener(
                new SessionListener() {
                  @Override
                  public void created(String id) {
                    events.add("created");
                  }

                  @Override
                  public void rotated(String oldId, String newId) {
                    events.add("rotated");
                  }

                  @Override
                  public void destroyed(String id) {
                    events.add("destroyed");
                  }

                  @Override
                  public void expired(Snapshot last) {
                    events.add("expired:" + last.user());
                  }
                })
            .build();
    Session session = listened.open(null);
    session.put(NAME, "x");
    listened.commit(session);
    Session open = listened.open(session.id());
    open.login("alice");
    listened.commit(open);
    listened.destroy(open.id());
    listened.destroy(open.id());

    String other = listened.createSession();
    assertThat(other).isNotNull();
    clock.advance(Duration.ofMinutes(1));
    store.sweep();
    store.sweep();
    assertThat(events)
        .containsExactly("created", "rotated", "destroyed", "created", "expired:null");
  }

  // ---- builder ----

  @Test
  void builder_failsFast_withMessagesThatNameTheOption() {
    assertThatThrownBy(() -> SessionManager.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("store is required: SessionManager.builder().store(...)");
    assertThatThrownBy(() -> SessionManager.builder().idleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("idleTimeout must be at least 1 ms, was PT0S");
    assertThatThrownBy(() -> SessionManager.builder().clock(clock).clock(clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clock was already set");
    assertThatThrownBy(
            () ->
                SessionManager.builder()
                    .store(store)
                    .idleTimeout(Duration.ofMinutes(1))
                    .touchInterval(Duration.ofMinutes(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("touchInterval (PT1M) must be shorter than idleTimeout (PT1M)");
  }

  /** A counting store that also answers user queries from the real store. */
  static final class IndexedCountingStore implements SessionStore, dev.sojourn.store.UserIndex {
    final CountingStore counting;
    final MemoryStore memory;

    IndexedCountingStore(CountingStore counting, MemoryStore memory) {
      this.counting = counting;
      this.memory = memory;
    }

    @Override
    public @Nullable Snapshot load(String id) {
      return counting.load(id);
    }

    @Override
    public long commit(@Nullable SessionChange change) {
      return counting.commit(change);
    }

    @Override
    public boolean drop(String id) {
      return counting.drop(id);
    }

    @Override
    public List<Snapshot> sessionsOf(String user) {
      return memory.sessionsOf(user);
    }

    @Override
    public void close() {
      counting.close();
    }
  }

  /** Counts the store calls the manager makes; forwards everything to a real store. */
  static final class CountingStore implements SessionStore {
    final SessionStore delegate;
    int loads;
    int commits;

    CountingStore(SessionStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public @Nullable Snapshot load(String id) {
      loads++;
      return delegate.load(id);
    }

    @Override
    public long commit(@Nullable SessionChange change) {
      commits++;
      return delegate.commit(change);
    }

    @Override
    public boolean drop(String id) {
      return delegate.drop(id);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
