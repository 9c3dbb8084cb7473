package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.store.Snapshot;
import dev.sojourn.store.memory.MemoryStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 1: a change of user rotates the ID and CSRF token (session fixation through a
 * signed-in session); the same user signing in again keeps both.
 */
class IdentitySwitchTest {
  static final SessionKey<String> NOTE = SessionKey.of("note", String.class);

  final FakeClock clock = new FakeClock();
  final MemoryStore store = MemoryStore.builder().clock(clock).backgroundSweeper(false).build();
  final SessionManager manager =
      SessionManager.builder()
          .store(store)
          .clock(clock)
          .idleTimeout(Duration.ofMinutes(30))
          .build();

  @AfterEach
  void close() {
    manager.close();
  }

  /** A stored session signed in as {@code user}; returns it after its commit. */
  Session signedIn(String user) {
    Session session = manager.open(null);
    session.login(user);
    session.put(NOTE, "planted by " + user);
    manager.commit(session);
    return session;
  }

  @Test
  void login_ofAnotherUser_rotatesIdAndCsrfToken_andTheOldIdIsDead() {
    Session mallory = signedIn("mallory");
    String plantedId = mallory.id();
    String plantedCsrf = mallory.csrfToken();

    Session victim = manager.open(plantedId);
    victim.login("alice");
    manager.commit(victim);

    assertThat(victim.id()).isNotEqualTo(plantedId);
    assertThat(victim.csrfToken()).isNotEqualTo(plantedCsrf);
    assertThat(manager.open(plantedId).isNew()).as("the planted ID after the switch").isTrue();
    Session alice = manager.open(victim.id());
    assertThat(alice.user()).isEqualTo("alice");
    assertThat(alice.authenticatedAt()).isEqualTo(clock.instant());
    assertThat(manager.sessionsOf("alice")).extracting(Snapshot::id).containsExactly(victim.id());
    assertThat(manager.sessionsOf("mallory")).isEmpty();
  }

  @Test
  void login_ofAnotherUser_beforeCommit_showsTheNewIdAtOnce() {
    Session session = manager.open(signedIn("mallory").id());
    String before = session.id();
    String csrf = session.csrfToken();

    session.login("alice");

    assertThat(session.id()).isNotEqualTo(before);
    assertThat(session.csrfToken()).isNotEqualTo(csrf);
  }

  @Test
  void login_ofTheSameUserAgain_keepsIdCsrfTokenAndSignInTime() {
    Session first = signedIn("alice");
    clock.advance(Duration.ofMinutes(5));

    Session again = manager.open(first.id());
    again.login("alice");
    manager.commit(again);

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.csrfToken()).isEqualTo(first.csrfToken());
    assertThat(manager.open(first.id()).authenticatedAt()).isEqualTo(first.authenticatedAt());
  }

  @Test
  void rotate_stillRenewsOnReauthenticationOfTheSameUser() {
    Session first = signedIn("alice");

    Session again = manager.open(first.id());
    again.login("alice");
    again.rotate();
    manager.commit(again);

    assertThat(again.id()).isNotEqualTo(first.id());
    assertThat(manager.open(first.id()).isNew()).isTrue();
    assertThat(manager.open(again.id()).user()).isEqualTo("alice");
  }

  @Test
  void switchingUsersTwiceInOneRequest_leavesOnlyTheLastUsersSession() {
    Session session = manager.open(signedIn("mallory").id());
    session.login("bob");
    session.login("alice");
    manager.commit(session);

    assertThat(manager.open(session.id()).user()).isEqualTo("alice");
    assertThat(List.of("mallory", "bob"))
        .allSatisfy(user -> assertThat(manager.sessionsOf(user)).isEmpty());
  }
}
