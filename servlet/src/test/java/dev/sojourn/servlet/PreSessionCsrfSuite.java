package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A visitor without a session on a real container: the CSRF token of a page costs the server
 * nothing (a signed nonce in a cookie, no stored session) and still protects the first unsafe
 * request, typically the sign-in; subclasses name the container.
 */
abstract class PreSessionCsrfSuite extends ServerFixture {
  static final String CSRF_COOKIE = "__Host-sojourn-csrf";

  /** What a cookieless visitor got from a page: the pre-session cookie's value and the token. */
  record Visitor(String nonce, String token) {}

  Visitor visit() throws Exception {
    HttpResponse<String> page = get("/csrf/token", null);
    assertThat(setCookie(page)).as("a page view starts no session").isNull();
    String nonce = csrfCookie(page);
    if (nonce == null) {
      throw new AssertionError("no Set-Cookie " + CSRF_COOKIE + " from " + page.uri());
    }
    return new Visitor(nonce, page.body());
  }

  static @Nullable String csrfCookie(HttpResponse<?> response) {
    for (String header : response.headers().allValues("Set-Cookie")) {
      if (header.startsWith(CSRF_COOKIE + "=")) {
        return header.substring(CSRF_COOKIE.length() + 1, header.indexOf(';'));
      }
    }
    return null;
  }

  HttpResponse<String> post(
      String path, @Nullable String nonce, @Nullable String sessionId, String token)
      throws Exception {
    HttpRequest.Builder builder = request(path).header(CsrfFilter.HEADER, token);
    List<String> cookies = new ArrayList<>();
    if (nonce != null) {
      cookies.add(CSRF_COOKIE + "=" + nonce);
    }
    if (sessionId != null) {
      cookies.add(COOKIE + "=" + sessionId);
    }
    if (!cookies.isEmpty()) {
      builder.header("Cookie", String.join("; ", cookies));
    }
    return send(builder.POST(HttpRequest.BodyPublishers.noBody()));
  }

  @Test
  void aPageView_withoutACookie_storesNoSession_andSetsTheCsrfCookie() throws Exception {
    int before = store.size();

    HttpResponse<String> page = get("/csrf/token", null);

    assertThat(setCookie(page)).isNull();
    assertThat(store.size()).isEqualTo(before);
    assertThat(page.headers().allValues("Set-Cookie"))
        .filteredOn(c -> c.startsWith(CSRF_COOKIE + "="))
        .singleElement()
        .asString()
        .endsWith("; Path=/; Secure; HttpOnly; SameSite=Lax");
  }

  @Test
  void thePreSessionToken_signsIn_andTheSessionTokenTakesOver() throws Exception {
    Visitor visitor = visit();

    HttpResponse<String> login =
        post("/csrf/login?user=alice", visitor.nonce(), null, visitor.token());

    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    String id = sessionId(login);
    assertThat(get("/csrf/whoami", id).body()).isEqualTo("alice");
    assertThat(post("/csrf/echo", visitor.nonce(), id, visitor.token()).statusCode())
        .as("the pre-session token once signed in")
        .isEqualTo(403);
    String sessionToken = get("/csrf/token", id).body();
    assertThat(post("/csrf/echo", visitor.nonce(), id, sessionToken).statusCode()).isEqualTo(200);
  }

  @Test
  void thePreSessionToken_isMaskedAfresh_andTheSameVisitorKeepsItsCookie() throws Exception {
    Visitor visitor = visit();

    HttpResponse<String> again =
        send(request("/csrf/token").header("Cookie", CSRF_COOKIE + "=" + visitor.nonce()));

    assertThat(csrfCookie(again)).as("the cookie is set once").isNull();
    assertThat(again.body()).isNotEqualTo(visitor.token());
    assertThat(post("/csrf/echo", visitor.nonce(), null, again.body()).statusCode()).isEqualTo(200);
    assertThat(post("/csrf/echo", visitor.nonce(), null, visitor.token()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void thePreSessionToken_passes_whileTheSessionIsAnonymous() throws Exception {
    Visitor visitor = visit();
    String id = sessionId(get("/csrf/put?name=a&value=1", null));

    assertThat(post("/csrf/echo", visitor.nonce(), id, visitor.token()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void thePreSessionToken_withoutItsCookie_orWithAnothers_isRefused() throws Exception {
    Visitor visitor = visit();
    Visitor other = visit();

    HttpResponse<String> without = post("/csrf/echo", null, null, visitor.token());
    HttpResponse<String> foreign = post("/csrf/echo", other.nonce(), null, visitor.token());
    HttpResponse<String> forged = post("/csrf/echo", "A".repeat(43), null, visitor.token());

    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(without.body()).contains("no session").contains(CSRF_COOKIE);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("does not match");
    assertThat(forged.statusCode()).isEqualTo(403);
  }

  @Test
  void aFloodOfPageViews_storesNothing_whileVisitorsSignInConcurrently() throws Exception {
    Visitor early = visit();
    int before = store.size();
    int threads = 8;
    int viewsPerThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        Callable<Integer> flooder =
            () -> {
              int signedIn = 0;
              for (int i = 0; i < viewsPerThread; i++) {
                HttpResponse<String> page = get("/csrf/token", null);
                assertThat(setCookie(page)).isNull();
                if (i % 50 == 0) {
                  String nonce = csrfCookie(page);
                  HttpResponse<String> login =
                      post("/csrf/login?user=u" + i, nonce, null, page.body());
                  assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
                  signedIn++;
                }
              }
              return signedIn;
            };
        results.add(pool.submit(flooder));
      }
      int signedIn = 0;
      for (Future<Integer> result : results) {
        signedIn += result.get();
      }

      assertThat(store.size()).isEqualTo(before + signedIn);
      assertThat(post("/csrf/login?user=early", early.nonce(), null, early.token()).statusCode())
          .isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
  }
}
