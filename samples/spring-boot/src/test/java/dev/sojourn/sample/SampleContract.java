package dev.sojourn.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.SessionManager;
import dev.sojourn.store.SessionStore;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sample on embedded Tomcat, through a real HTTP client: what a user of Spring Security on
 * Sojourn can count on, whatever the store. {@link SampleTest} runs it on the memory store, {@link
 * SampleRedisTest} on a real Redis.
 */
abstract class SampleContract {
  @LocalServerPort int port;
  @Autowired SessionManager sessions;
  @Autowired SessionStore store;

  @BeforeEach
  void everyoneSignedOut() {
    sessions.revokeAll("alice");
    sessions.revokeAll("bob");
  }

  @Test
  void anAnonymousVisitor_isSentToTheLoginForm() {
    HttpResponse<String> anonymous = new Client(port).get("/");
    assertThat(Client.toLogin(anonymous)).as("every page needs a sign-in").isTrue();
  }

  @Test
  void signingIn_rotatesTheId_andThePreLoginIdIsDead() {
    Client client = new Client(port);
    String preLogin = client.signIn("alice", "wonderland");
    assertThat(client.id()).isNotEqualTo(preLogin);
    assertThat(client.get("/").body()).contains("<span id=\"user\">alice</span>");
    assertThat(store.load(preLogin)).as("the pre-login session is gone from the store").isNull();
    HttpResponse<String> replay = client.withSession(preLogin).get("/");
    assertThat(Client.toLogin(replay)).as("a planted pre-login ID is worth nothing").isTrue();
    assertThat(sessions.sessionsOf("alice")).extracting(s -> s.id()).containsExactly(client.id());
  }

  @Test
  void aPostNeedsTheCsrfTokenOfThisSession() {
    Client client = new Client(port);
    String loginPage = Client.csrf(client.get("/login"));
    client.signIn("alice", "wonderland");
    assertThat(client.post("/counter", Map.of()).statusCode()).as("no token").isEqualTo(403);
    assertThat(client.post("/counter", Map.of("_csrf", loginPage)).statusCode())
        .as("the pre-login token rotated with the ID")
        .isEqualTo(403);
    assertThat(client.post("/counter", Map.of("_csrf", "x" + loginPage)).statusCode())
        .as("a made-up token")
        .isEqualTo(403);
    assertThat(client.counter()).isZero();
    String token = Client.csrf(client.get("/"));
    assertThat(client.post("/counter", Map.of("_csrf", token)).statusCode()).isEqualTo(302);
    assertThat(client.counter()).isEqualTo(1);
  }

  @Test
  void aThirdSignIn_endsTheUsersOldestSession() {
    Client laptop = new Client(port);
    Client phone = new Client(port);
    Client tablet = new Client(port);
    laptop.signIn("alice", "wonderland");
    phone.signIn("alice", "wonderland");
    new Client(port).signIn("bob", "builder");
    assertThat(laptop.get("/").statusCode()).isEqualTo(200);
    tablet.signIn("alice", "wonderland");
    assertThat(Client.toLogin(laptop.get("/"))).as("the oldest session was ended").isTrue();
    assertThat(phone.get("/").statusCode()).isEqualTo(200);
    assertThat(tablet.get("/").statusCode()).isEqualTo(200);
    assertThat(sessions.sessionsOf("alice")).hasSize(2);
    assertThat(sessions.sessionsOf("bob")).as("another user's sessions are not counted").hasSize(1);
  }

  @Test
  void signingOut_clearsTheCookie_andTheOldIdIsDead() {
    Client client = new Client(port);
    client.signIn("bob", "builder");
    String signedIn = client.id();
    String token = Client.csrf(client.get("/"));
    HttpResponse<String> logout = client.post("/logout", Map.of("_csrf", token));
    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(logout.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
    assertThat(logout.headers().allValues("Set-Cookie"))
        .anySatisfy(h -> assertThat(h).startsWith(Client.COOKIE + "=;").contains("Max-Age=0"));
    assertThat(client.sessionId).isNull();
    assertThat(store.load(signedIn)).isNull();
    assertThat(Client.toLogin(new Client(port).withSession(signedIn).get("/"))).isTrue();
  }

  @Test
  void signOutOtherDevices_endsTheOtherSessions_only() {
    Client laptop = new Client(port);
    Client phone = new Client(port);
    laptop.signIn("alice", "wonderland");
    phone.signIn("alice", "wonderland");
    HttpResponse<String> list = phone.get("/sessions");
    assertThat(list.body()).contains("<p id=\"session-count\">2 sessions</p>");
    assertThat(list.body()).containsOnlyOnce("this device");

    HttpResponse<String> revoke =
        phone.post("/sessions/sign-out-others", Map.of("_csrf", Client.csrf(list)));
    assertThat(revoke.statusCode()).isEqualTo(302);
    assertThat(Client.toLogin(laptop.get("/")))
        .as("the other device's next request goes to the login form")
        .isTrue();
    assertThat(phone.get("/sessions").body()).contains("<p id=\"session-count\">1 session</p>");
    assertThat(phone.get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void concurrentIncrements_eachCountExactlyOnce() throws Exception {
    Client client = new Client(port);
    client.signIn("bob", "builder");
    String token = Client.csrf(client.get("/"));
    int threads = 16;
    int rounds = 3;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 1; round <= rounds; round++) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          posts.add(
              pool.submit(
                  () -> {
                    start.await();
                    return client.post("/counter", Map.of("_csrf", token));
                  }));
        }
        start.countDown();
        for (Future<HttpResponse<String>> post : posts) {
          assertThat(post.get().statusCode()).isEqualTo(302);
        }
        assertThat(client.counter()).as("after round %d", round).isEqualTo((long) round * threads);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
