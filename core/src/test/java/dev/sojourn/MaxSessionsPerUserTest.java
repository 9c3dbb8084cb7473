package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.UserIndex;
import dev.sojourn.store.memory.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SessionManager.Builder#maxSessionsPerUser}, on the memory store and a fake clock. */
class MaxSessionsPerUserTest {
  final FakeClock clock = new FakeClock();
  final MemoryStore store = MemoryStore.builder().clock(clock).backgroundSweeper(false).build();
  final List<String> destroyed = new CopyOnWriteArrayList<>();
  final List<SessionManager> managers = new ArrayList<>();

  SessionManager manager(int maximum, MaxSessionsPolicy policy) {
    return manager(maximum, policy, store);
  }

  SessionManager manager(int maximum, MaxSessionsPolicy policy, SessionStore over) {
    SessionManager manager =
        SessionManager.builder()
            .store(over)
            .clock(clock)
            .maxSessionsPerUser(maximum, policy)
            .listener(
                new SessionListener() {
                  @Override
                  public void destroyed(String id) {
                    destroyed.add(id);
                  }
                })
            .build();
    managers.add(manager);
    return manager;
  }

  @AfterEach
  void close() {
    store.close();
  }

  static String signIn(SessionManager manager, String user) {
    Session session = manager.open(null);
    session.login(user);
    manager.commit(session);
    return session.id();
  }

  List<String> idsOf(String user) {
    return store.sessionsOf(user).stream().map(Snapshot::id).toList();
  }

  // ---- the builder ----

  @Test
  void builder_rejectsAStoreWithoutAUserIndex() {
    SessionManager.Builder builder =
        SessionManager.builder()
            .store(new SessionManagerTest.CountingStore(store))
            .maxSessionsPerUser(3, MaxSessionsPolicy.END_OLDEST);
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "maxSessionsPerUser needs a store that can list a user's sessions (UserIndex);"
                + " dev.sojourn.SessionManagerTest$CountingStore cannot");
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose
  void builder_rejectsAMaximumBelowOne_aNullPolicy_andASecondCall() {
    assertThatThrownBy(
            () -> SessionManager.builder().maxSessionsPerUser(0, MaxSessionsPolicy.REFUSE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSessionsPerUser must be at least 1, was 0");
    assertThatThrownBy(() -> SessionManager.builder().maxSessionsPerUser(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("policy");
    SessionManager.Builder builder =
        SessionManager.builder().maxSessionsPerUser(1, MaxSessionsPolicy.REFUSE);
    assertThatThrownBy(() -> builder.maxSessionsPerUser(2, MaxSessionsPolicy.REFUSE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxSessionsPerUser was already set");
  }

  // ---- END_OLDEST ----

  @Test
  void endOldest_endsTheEarliestSignIn_andReportsIt() {
    SessionManager manager = manager(3, MaxSessionsPolicy.END_OLDEST);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(signIn(manager, "alice"));
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(idsOf("alice")).containsExactlyInAnyOrderElementsOf(ids.subList(1, 4));
    assertThat(manager.open(ids.get(0)).isNew()).isTrue();
    assertThat(destroyed).containsExactly(ids.get(0));
  }

  @Test
  void endOldest_keepsTheCurrentSignIn_whenSignInTimesTie() {
    SessionManager manager = manager(2, MaxSessionsPolicy.END_OLDEST);
    for (int i = 0; i < 5; i++) {
      String id = signIn(manager, "alice");
      assertThat(idsOf("alice")).contains(id).hasSizeLessThanOrEqualTo(2);
    }
  }

  @Test
  void endOldest_appliesToAChangeOfUser_butNotToTheSameUserSigningInAgain() {
    SessionManager manager = manager(1, MaxSessionsPolicy.END_OLDEST);
    String bobs = signIn(manager, "bob");
    clock.advance(Duration.ofSeconds(1));
    Session session = manager.open(signIn(manager, "carol"));
    clock.advance(Duration.ofSeconds(1));
    session.login("carol");
    manager.commit(session);
    assertThat(idsOf("carol")).containsExactly(session.id());
    session.login("bob");
    manager.commit(session);
    assertThat(idsOf("bob")).containsExactly(session.id());
    assertThat(destroyed).containsExactly(bobs);
  }

  @Test
  void endOldest_leavesOtherUsersAndAnonymousSessionsAlone() {
    SessionManager manager = manager(1, MaxSessionsPolicy.END_OLDEST);
    String bobs = signIn(manager, "bob");
    Session anonymous = manager.open(null);
    anonymous.put("cart", "apples");
    manager.commit(anonymous);
    signIn(manager, "alice");
    signIn(manager, "alice");
    assertThat(idsOf("bob")).containsExactly(bobs);
    assertThat(manager.open(anonymous.id()).isNew()).isFalse();
    assertThat(idsOf("alice")).hasSize(1);
  }

  // ---- REFUSE ----

  @Test
  void refuse_failsTheSignInBeyondTheMaximum_andStoresNothing() {
    SessionManager manager = manager(2, MaxSessionsPolicy.REFUSE);
    signIn(manager, "alice");
    signIn(manager, "alice");
    Session anonymous = manager.open(null);
    anonymous.put("cart", "apples");
    manager.commit(anonymous);
    long stored = store.size();

    Session session = manager.open(anonymous.id());
    session.login("alice");
    assertThatThrownBy(() -> manager.commit(session))
        .isInstanceOfSatisfying(
            TooManySessionsException.class,
            e -> {
              assertThat(e.user()).isEqualTo("alice");
              assertThat(e.maximum()).isEqualTo(2);
            })
        .hasMessage(
            "the user already has the maximum of 2 sessions (maxSessionsPerUser, policy REFUSE):"
                + " the sign-in was not stored");
    assertThatThrownBy(() -> signIn(manager, "alice")).isInstanceOf(TooManySessionsException.class);

    assertThat(store.size()).isEqualTo(stored);
    assertThat(idsOf("alice")).hasSize(2);
    Session kept = manager.open(anonymous.id());
    assertThat(kept.isNew()).isFalse();
    assertThat(kept.user()).isNull();
    assertThat(kept.get("cart")).isEqualTo("apples");
    assertThat(destroyed).isEmpty();
  }

  @Test
  void refuse_admitsAgain_onceASessionEnds() {
    SessionManager manager = manager(1, MaxSessionsPolicy.REFUSE);
    String first = signIn(manager, "alice");
    assertThatThrownBy(() -> signIn(manager, "alice")).isInstanceOf(TooManySessionsException.class);
    manager.destroy(first);
    String second = signIn(manager, "alice");
    assertThat(idsOf("alice")).containsExactly(second);
  }

  @Test
  void refuse_countsNoExpiredSession() {
    SessionManager manager = manager(1, MaxSessionsPolicy.REFUSE);
    signIn(manager, "alice");
    clock.advance(Duration.ofMinutes(30));
    String second = signIn(manager, "alice");
    assertThat(idsOf("alice")).containsExactly(second);
  }

  // ---- races: many threads sign the same user in at once ----

  /**
   * 8 threads x 50 sign-ins of one user, then 300 short rounds (only a round's first burst races:
   * once the user is at the maximum, REFUSE refuses them all). The store is the real memory store,
   * yielding the thread before each call so that the threads interleave between the cap's check and
   * the commit as they would on a busy server.
   */
  void race(MaxSessionsPolicy policy) throws Exception {
    SessionManager manager = manager(3, policy, new YieldingStore(store));
    int overshoots = 0;
    try (SignInRace race = new SignInRace(manager, clock::advanceMillis, 8)) {
      for (int round = 0; round < 301; round++) {
        String user = "racer" + round;
        int each = round == 0 ? 50 : 2;
        SignInRace.Result result = race.round(user, each);
        List<String> live = idsOf(user);
        assertThat(live).as("round %d", round).hasSizeLessThanOrEqualTo(3);
        assertThat(result.admitted().size() + result.refused()).isEqualTo(8 * each);
        if (policy == MaxSessionsPolicy.REFUSE) {
          assertThat(result.admitted()).containsExactlyInAnyOrderElementsOf(live);
        } else {
          assertThat(result.refused()).isZero();
          assertThat(result.admitted()).containsAll(live);
          assertThat(live).as("round %d", round).isNotEmpty();
        }
        overshoots += live.size() < 3 ? 1 : 0;
      }
    }
    System.out.printf("%s: rounds that ended below the maximum: %d of 301%n", policy, overshoots);
  }

  /** The memory store, yielding the calling thread before each call. */
  static final class YieldingStore implements SessionStore, UserIndex {
    final MemoryStore store;

    YieldingStore(MemoryStore store) {
      this.store = store;
    }

    @Override
    public @Nullable Snapshot load(String id) {
      Thread.yield();
      return store.load(id);
    }

    @Override
    public long commit(@Nullable SessionChange change) {
      Thread.yield();
      return store.commit(change);
    }

    @Override
    public boolean drop(String id) {
      Thread.yield();
      return store.drop(id);
    }

    @Override
    public List<Snapshot> sessionsOf(String user) {
      Thread.yield();
      return store.sessionsOf(user);
    }

    @Override
    public void close() {
      store.close();
    }
  }

  @Test
  void endOldest_underConcurrentSignIns_leavesAtMostTheMaximum() throws Exception {
    race(MaxSessionsPolicy.END_OLDEST);
  }

  @Test
  void refuse_underConcurrentSignIns_neverAdmitsMoreThanTheMaximum() throws Exception {
    race(MaxSessionsPolicy.REFUSE);
  }
}
