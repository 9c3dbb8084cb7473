package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The session filter's behaviour on a real container; subclasses name the container. */
abstract class SessionSuite extends EdgeSuite {

  @Test
  void firstWrite_setsCookie_withExactSecureAttributes() throws Exception {
    HttpResponse<String> response = get("/app/put?name=a&value=1", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(setCookie(response))
        .matches("__Host-sojourn=[1-9A-HJ-NP-Za-km-z]{32}; Path=/; Secure; HttpOnly; SameSite=Lax");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void requestThatStoresNothing_getsNoCookie() throws Exception {
    HttpResponse<String> response = get("/app/get?name=a", null);

    assertThat(response.body()).isEqualTo("no session");
    assertThat(setCookie(response)).isNull();
  }

  @Test
  void attributes_surviveAcrossRequests_andUnchangedSessionSendsNoCookie() throws Exception {
    String id = newSession();

    HttpResponse<String> response = get("/app/get?name=a", id);

    assertThat(response.body()).isEqualTo("1");
    assertThat(setCookie(response)).isNull();
  }

  @Test
  void login_rotatesId_andOldIdIsSignedOut() throws Exception {
    String before = newSession();

    String after = sessionId(get("/app/login?user=alice", before));

    assertThat(after).isNotEqualTo(before);
    assertThat(get("/app/whoami", after).body()).isEqualTo("alice");
    assertThat(get("/app/get?name=a", after).body()).isEqualTo("1");
    HttpResponse<String> old = get("/app/whoami", before);
    assertThat(old.body()).isEqualTo("no session");
    assertCleared(old);
  }

  @Test
  void changeSessionId_rotates_andOldIdIsDead() throws Exception {
    String before = newSession();

    HttpResponse<String> response = get("/app/rotate", before);

    String after = sessionId(response);
    assertThat(after).isNotEqualTo(before);
    assertThat(get("/app/get?name=a", after).body()).isEqualTo("1");
    assertThat(get("/app/get?name=a", before).body()).isEqualTo("no session");
  }

  @Test
  void logout_dropsSession_andClearsCookie() throws Exception {
    String id = sessionId(get("/app/login?user=bob", newSession()));

    HttpResponse<String> response = get("/app/logout", id);

    assertThat(response.body()).isEqualTo("signed out");
    assertCleared(response);
    assertThat(get("/app/whoami", id).body()).isEqualTo("no session");
  }

  @Test
  void invalidateThenNewSession_inOneRequest_handsOutTheNewId() throws Exception {
    String old = newSession();

    String fresh = sessionId(get("/app/invalidate-and-restart?name=b&value=2", old));

    assertThat(fresh).isNotEqualTo(old);
    assertThat(get("/app/names", fresh).body()).isEqualTo("b");
    assertThat(get("/app/names", old).body()).isEqualTo("no session");
  }

  @Test
  void idleSession_expires_onTheFakeClock() throws Exception {
    String id = newSession();

    clock.advance(Duration.ofMinutes(29));
    assertThat(get("/app/get?name=a", id).body()).as("used within the idle timeout").isEqualTo("1");
    clock.advance(Duration.ofMinutes(29));
    assertThat(get("/app/get?name=a", id).body()).as("the last use restarted it").isEqualTo("1");
    clock.advance(Duration.ofMinutes(30));
    HttpResponse<String> expired = get("/app/get?name=a", id);

    assertThat(expired.body()).isEqualTo("no session");
    assertCleared(expired);
  }

  @Test
  void concurrentRequests_onOneSession_changingDifferentAttributes_loseNothing() throws Exception {
    String id = newSession();
    int requests = 48;
    List<Future<HttpResponse<String>>> results = new ArrayList<>();
    try (AutoCloseableExecutor pool = new AutoCloseableExecutor(Executors.newFixedThreadPool(12))) {
      for (int i = 0; i < requests; i++) {
        String path = "/app/put?name=k" + i + "&value=" + i;
        Callable<HttpResponse<String>> call = () -> get(path, id);
        results.add(pool.executor.submit(call));
      }
      for (Future<HttpResponse<String>> result : results) {
        assertThat(result.get().statusCode()).isEqualTo(200);
      }
    }

    List<String> names = Arrays.asList(get("/app/names", id).body().split(","));

    assertThat(names).hasSize(requests + 1).contains("a", "k0", "k" + (requests - 1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redirect",
        "flush-buffer",
        "flush-writer",
        "flush-stream",
        "big-body",
        "content-length",
        "send-error",
        "utf16"
      })
  void sessionIsCommitted_beforeTheResponseIs(String action) throws Exception {
    HttpResponse<String> response = get("/app/" + action + "?name=c&value=" + action, null);

    String id = sessionId(response);
    // Jetty's error page sends its own "must-revalidate,no-cache,no-store".
    assertThat(response.headers().firstValue("Cache-Control").orElse(""))
        .containsPattern("(^|,\\s*)no-store($|,)");
    assertThat(get("/app/get?name=c", id).body()).isEqualTo(action);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"abc", "0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl", "../../etc/passwd", "%00%00", "long"})
  void malformedOrOversizedCookie_neverReachesTheStore(String value) throws Exception {
    String cookie = value.equals("long") ? "A".repeat(4000) : value;
    store.seenIds().clear();

    HttpResponse<String> response = get("/app/get?name=a", cookie);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("no session");
    assertThat(store.seenIds()).isEmpty();
    assertCleared(response);
  }

  @Test
  void storeDown_gives503_withAClearMessage() throws Exception {
    String id = newSession();
    store.mode(SwitchableStore.Mode.DOWN);

    HttpResponse<String> response = get("/app/get?name=a", id);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("session store is unavailable");
    assertThat(setCookie(response)).isNull();
  }

  @Test
  void storeFull_gives503_withAClearMessage() throws Exception {
    HttpResponse<String> response = get("/full/put?name=a&value=1", null);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("session store is full");
    assertThat(setCookie(response)).isNull();
  }

  @Test
  void sessionEndedWhileTheRequestRan_clearsTheCookie_insteadOf500() throws Exception {
    String id = newSession();

    HttpResponse<String> response = get("/app/revoked-meanwhile?name=b&value=2", id);

    assertThat(response.statusCode()).isEqualTo(200);
    assertCleared(response);
    assertThat(get("/app/get?name=b", id).body()).isEqualTo("no session");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bad-value | CodecException: ",
        "rotate-without-session | IllegalStateException: changeSessionId: this request has no"
            + " session",
        "use-after-invalidate | IllegalStateException: getAttribute: the session was invalidated"
      })
  void servletApiMisuse_failsAtOnce_withAClearMessage(String action, String expected)
      throws Exception {
    String id = newSession();

    HttpResponse<String> response =
        get("/app/" + action, action.equals("rotate-without-session") ? null : id);

    assertThat(response.body()).startsWith(expected);
    if (!action.equals("use-after-invalidate") && !action.equals("rotate-without-session")) {
      assertThat(get("/app/names", id).body()).as("the session is unchanged").isEqualTo("a");
    }
  }

  @Test
  void requestedSessionId_reportsWhatTheClientSent() throws Exception {
    String live = newSession();
    String unknown = "1".repeat(32);

    assertThat(get("/app/requested", live).body()).isEqualTo("true,true,true,false");
    assertThat(get("/app/requested", unknown).body()).isEqualTo("true,false,true,false");
    assertThat(get("/app/requested", "bad").body()).isEqualTo("false,false,false,false");
    assertThat(get("/app/requested", null).body()).isEqualTo("false,false,false,false");
  }

  @Test
  void encodeUrl_returnsItsArgument() throws Exception {
    assertThat(get("/app/encode", newSession()).body()).isEqualTo("/x?y=1");
  }

  @Test
  void headerTransport_handsOutAndReadsTheId_andClearsItAtLogout() throws Exception {
    HttpResponse<String> started = send(request("/api/put?name=a&value=h"));
    String id = started.headers().firstValue(SESSION_HEADER).orElseThrow();
    assertThat(id).hasSize(32);
    assertThat(started.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(setCookie(started)).isNull();

    HttpResponse<String> read = send(request("/api/get?name=a").header(SESSION_HEADER, id));
    assertThat(read.body()).isEqualTo("h");
    assertThat(read.headers().firstValue(SESSION_HEADER)).isEmpty();

    HttpResponse<String> out = send(request("/api/logout").header(SESSION_HEADER, id));
    assertThat(out.headers().firstValue(SESSION_HEADER)).hasValue("");
    assertThat(send(request("/api/get?name=a").header(SESSION_HEADER, id)).body())
        .isEqualTo("no session");
  }

  /** An executor that shuts down when the try block ends (JDK 17 has no close()). */
  private record AutoCloseableExecutor(ExecutorService executor) implements AutoCloseable {
    @Override
    public void close() {
      executor.shutdownNow();
    }
  }
}
