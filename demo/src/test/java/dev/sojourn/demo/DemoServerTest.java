package dev.sojourn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.testing.MutableClock;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The demo's routes over real HTTP, on the in-memory store and a fake clock. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoServerTest {
  private final MutableClock clock = MutableClock.start();
  private final HttpClient http = HttpClient.newHttpClient();
  private DemoServer server;

  @BeforeAll
  void start() throws Exception {
    server =
        DemoServer.start(
            new ServerOptions(
                0, "127.0.0.1", "memory", Duration.ofSeconds(5), Duration.ofMinutes(30), false),
            clock);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private DemoClient client() {
    return new DemoClient(http, server.port());
  }

  @Test
  void home_showsNobody_aLoginForm_andStartsNoSession() throws Exception {
    DemoClient client = client();

    String first = client.get("/").body();
    String second = client.get("/").body();

    assertThat(first).contains("<strong id=\"user\">nobody</strong>").contains("id=\"counter\">0<");
    assertThat(first).contains("name=\"_csrf\"").contains("action=\"/login\"");
    assertThat(second).contains("id=\"counter\">0<");
    assertThat(client.cookie()).as("no session for a page view").isNull();
    assertThat(client.csrfCookie()).isNotNull();
  }

  @Test
  void home_countsTheVisitsOfASignedInSession() throws Exception {
    DemoClient client = client();
    client.login("alice", "wonderland");

    assertThat(client.get("/").body()).contains("id=\"counter\">1<");
    assertThat(client.get("/").body()).contains("id=\"counter\">2<");
  }

  @Test
  void login_rotatesIdAndToken_andRedirectsHome() throws Exception {
    DemoClient client = client();
    String tokenBefore = client.csrf();
    String idBefore = client.cookie();

    HttpResponse<String> login =
        client.postForm(
            "/login", "username", "alice", "password", "wonderland", "_csrf", tokenBefore);

    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location")).hasValue("/");
    assertThat(client.cookie()).isNotNull().isNotEqualTo(idBefore);
    assertThat(client.apiSession("user")).isEqualTo("alice");
    assertThat(client.apiSession("csrf")).isNotEqualTo(tokenBefore);
    assertThat(client.get("/").body())
        .contains("id=\"user\">alice<")
        .contains("action=\"/logout\"");
  }

  @Test
  void login_withAWrongPassword_is401_andSignsNobodyIn() throws Exception {
    DemoClient client = client();

    HttpResponse<String> login = client.login("alice", "builder");

    assertThat(login.statusCode()).isEqualTo(401);
    assertThat(login.body()).contains("Wrong user or password");
    assertThat(client.apiSession("user")).isNull();
  }

  @Test
  void login_withoutTheCsrfToken_is403() throws Exception {
    DemoClient client = client();
    client.get("/");

    HttpResponse<String> login =
        client.postForm("/login", "username", "bob", "password", "builder");

    assertThat(login.statusCode()).isEqualTo(403);
    assertThat(login.body()).contains("CSRF token missing");
  }

  @Test
  void logout_endsTheSession_andClearsTheCookie() throws Exception {
    DemoClient client = client();
    client.login("bob", "builder");
    String token = client.csrf();

    HttpResponse<String> logout = client.postForm("/logout", "_csrf", token);

    assertThat(logout.statusCode()).isEqualTo(303);
    assertThat(logout.headers().firstValue("Clear-Site-Data"))
        .hasValue("\"cache\", \"cookies\", \"storage\"");
    assertThat(logout.headers().allValues("Set-Cookie")).anyMatch(c -> c.contains("Max-Age=0"));
    assertThat(client.cookie()).isNull();
    assertThat(client.apiSession("user")).isNull();
  }

  @Test
  void counter_countsEachOfManyConcurrentRequestsExactlyOnce() throws Exception {
    DemoClient client = client();
    assertThat(client.postWithToken("/api/counter", client.csrf()).body())
        .as("the first count starts the session")
        .contains("\"counter\": 1");
    String token = client.csrf();
    int requests = 100;
    List<Future<HttpResponse<String>>> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      for (int i = 0; i < requests; i++) {
        Callable<HttpResponse<String>> call = () -> client.postWithToken("/api/counter", token);
        results.add(pool.submit(call));
      }
      Set<Long> seen = new HashSet<>();
      for (Future<HttpResponse<String>> result : results) {
        HttpResponse<String> response = result.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        seen.add(Long.parseLong(DemoClient.field(response.body(), "counter")));
      }
      assertThat(seen)
          .isEqualTo(LongStream.rangeClosed(2, requests + 1).boxed().collect(Collectors.toSet()));
    } finally {
      pool.shutdownNow();
    }
    assertThat(client.apiSession("counter")).isEqualTo(String.valueOf(requests + 1));
  }

  @Test
  void counter_withoutTheHeaderToken_is403() throws Exception {
    DemoClient client = client();
    client.apiSession("csrf");

    assertThat(client.postWithToken("/api/counter", "wrong").statusCode()).isEqualTo(403);
  }

  @Test
  void sessionsPage_listsBothSessions_andRevokeOthersSignsTheOtherOut() throws Exception {
    DemoClient first = client();
    DemoClient second = client();
    first.login("bob", "builder");
    second.login("bob", "builder");

    String page = second.get("/sessions").body();

    assertThat(page.split("<tr class=\"session", -1)).hasSizeGreaterThanOrEqualTo(3);
    assertThat(page).contains("<tr class=\"session current\">").contains("this session");
    HttpResponse<String> revoke =
        second.postForm("/sessions/revoke-others", "_csrf", second.csrf());
    assertThat(revoke.statusCode()).isEqualTo(303);
    assertThat(second.get("/sessions").body()).contains("id=\"session-count\">1 session<");
    assertThat(second.apiSession("user")).isEqualTo("bob");
    assertThat(first.apiSession("user")).isNull();
  }

  @Test
  void sessionsPage_withoutSignIn_is401() throws Exception {
    assertThat(client().get("/sessions").statusCode()).isEqualTo(401);
  }

  @Test
  void idleSession_endsAfterTheIdleTimeout_onTheFakeClock() throws Exception {
    DemoClient client = client();
    client.login("alice", "wonderland");
    clock.advance(Duration.ofSeconds(4));
    assertThat(client.apiSession("user")).isEqualTo("alice");

    clock.advance(Duration.ofSeconds(5));

    assertThat(client.apiSession("user")).isNull();
  }
}
