package dev.sojourn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The demo as a hardened application: headers, error pages, TRACE, and races with a logout. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoHardeningTest {
  private final MutableClock clock = MutableClock.start();
  private final HttpClient http = HttpClient.newHttpClient();
  private DemoServer server;

  @BeforeAll
  void start() throws Exception {
    server =
        DemoServer.start(
            new ServerOptions(
                0, "127.0.0.1", "memory", Duration.ofMinutes(30), Duration.ofHours(12), false),
            clock);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private DemoClient client() {
    return new DemoClient(http, server.port());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(20));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A malformed form body: Jetty cannot decode {@code %zz}. */
  private HttpResponse<String> malformedForm() throws Exception {
    return send(
        request("/login")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("username=%zz&_csrf=x")));
  }

  private static void assertHardened(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Security-Policy"))
        .as("CSP of " + response.uri() + " " + response.statusCode())
        .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    assertThat(response.headers().firstValue("Server")).isEmpty();
  }

  private static void assertGeneric(HttpResponse<String> response) {
    assertThat(response.body())
        .doesNotContainIgnoringCase("exception")
        .doesNotContainIgnoringCase("caused by")
        .doesNotContain("org.eclipse")
        .doesNotContainIgnoringCase("jetty")
        .doesNotContain("at dev.sojourn");
  }

  @Test
  void everyResponse_carriesTheSecurityHeaders_andNoServerVersion() throws Exception {
    assertHardened(send(request("/")));
    assertHardened(send(request("/no-such-page")));
    assertHardened(send(request("/api/session")));
    assertHardened(malformedForm());
  }

  @Test
  void theContentSecurityPolicy_allowsThePagesOwnStyle() throws Exception {
    HttpResponse<String> page = send(request("/"));

    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .isEqualTo(Hardening.CONTENT_SECURITY_POLICY)
        .contains("default-src 'none'")
        .contains("form-action 'self'");
    assertThat(page.body()).contains("<style>" + Html.STYLE + "</style>");
  }

  @Test
  void insecureCookie_sendsBothCookiesWithoutSecure_andTheFormStillSignsIn() throws Exception {
    try (DemoServer plain =
        DemoServer.start(ServerOptions.parse("--port", "0", "--insecure-cookie"), clock)) {
      URI base = URI.create("http://127.0.0.1:" + plain.port());
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(base.resolve("/")).build(),
              HttpResponse.BodyHandlers.ofString());
      String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(setCookie).startsWith("sojourn-csrf=").doesNotContain("Secure");
      String nonce = setCookie.substring("sojourn-csrf=".length(), setCookie.indexOf(';'));

      HttpResponse<String> login =
          http.send(
              HttpRequest.newBuilder(base.resolve("/login"))
                  .header("Cookie", "sojourn-csrf=" + nonce)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "username=alice&password=wonderland&_csrf="
                              + DemoFloodTest.formToken(page.body())))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
      assertThat(login.headers().allValues("Set-Cookie"))
          .anyMatch(c -> c.startsWith("sojourn=") && !c.contains("Secure"));
    }
  }

  @Test
  void trace_is405_andEchoesNoCookie() throws Exception {
    DemoClient client = client();
    client.login("alice", "wonderland");
    String cookie = client.cookie();

    HttpResponse<String> trace =
        send(
            request("/")
                .header("Cookie", "__Host-sojourn=" + cookie)
                .method("TRACE", HttpRequest.BodyPublishers.noBody()));

    assertThat(trace.statusCode()).isEqualTo(405);
    assertThat(trace.body()).doesNotContain(String.valueOf(cookie));
  }

  @Test
  void aMalformedRequest_getsAGenericErrorPage() throws Exception {
    HttpResponse<String> response = malformedForm();

    assertThat(response.statusCode()).isBetween(400, 599);
    assertGeneric(response);
    assertThat(response.body()).contains(String.valueOf(response.statusCode()));
  }

  @Test
  void aPageViewRacingALogoutOrARevoke_showsTheVisitorSignedOut_neverAnError() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(5);
    List<HttpResponse<String>> views = new ArrayList<>();
    try {
      for (int round = 0; round < 40; round++) {
        DemoClient bob = client();
        bob.login("bob", "builder");
        DemoClient other = client();
        other.login("bob", "builder");
        HttpRequest view = request("/").header("Cookie", "__Host-sojourn=" + bob.cookie()).build();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> pending = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          Callable<HttpResponse<String>> viewer =
              () -> {
                go.await();
                return http.send(view, HttpResponse.BodyHandlers.ofString());
              };
          pending.add(pool.submit(viewer));
        }
        boolean logout = round % 2 == 0;
        String token = logout ? bob.csrf() : other.csrf();
        Callable<HttpResponse<String>> ender =
            () -> {
              go.await();
              return logout
                  ? bob.postForm("/logout", "_csrf", token)
                  : other.postForm("/sessions/revoke-others", "_csrf", token);
            };
        pending.add(pool.submit(ender));
        go.countDown();
        for (Future<HttpResponse<String>> result : pending) {
          views.add(result.get());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    for (HttpResponse<String> response : views) {
      assertThat(response.statusCode()).as(response.body()).isIn(200, 303);
      assertGeneric(response);
    }
  }
}
