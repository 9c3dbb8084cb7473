package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Async requests: what an async cycle changes is stored and its ID reaches the client, whichever
 * way the cycle ends; the request's session may be used from the async thread.
 */
abstract class AsyncSuite extends ListenerSuite {

  @Test
  void changesOnTheAsyncThread_areStored_andTheCookieIsSent_onComplete() throws Exception {
    HttpResponse<String> response = get("/app/async-complete?name=c&value=done", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("async");
    String id = sessionId(response);
    assertThat(get("/app/get?name=c", id).body()).isEqualTo("done");
  }

  @Test
  void changesOnTheAsyncThread_ofAnExistingSession_areStored_onComplete() throws Exception {
    String id = newSession();

    HttpResponse<String> response = get("/app/async-complete?name=c&value=more", id);

    assertThat(response.body()).isEqualTo("async");
    assertThat(setCookie(response)).as("the ID did not change").isNull();
    assertThat(get("/app/names", id).body()).isEqualTo("a,c");
  }

  @Test
  void changesOnTheAsyncThread_areStored_andTheCookieIsSent_onDispatch() throws Exception {
    HttpResponse<String> response = get("/app/async-dispatch?name=c&value=there", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ASYNC there");
    String id = sessionId(response);
    assertThat(get("/app/get?name=c", id).body()).isEqualTo("there");
  }

  /**
   * A cycle the container times out (it answers 500 on both): what the worker changed is stored,
   * and the error response still carries the new session's cookie.
   */
  @Test
  void changesOnTheAsyncThread_areStored_whenTheCycleTimesOut() throws Exception {
    HttpResponse<String> response = get("/app/async-timeout?name=c&value=late", null);
    String id = sessionId(response);

    assertThat(get("/app/get?name=c", id).body()).isEqualTo("late");
  }

  /**
   * The container's thread and the worker change the one session at the same time; every change of
   * both lands, every time.
   */
  @RepeatedTest(20)
  void theContainersThreadAndTheAsyncThread_changeTheSessionAtOnce_andLoseNothing()
      throws Exception {
    HttpResponse<String> response = get("/app/async-race", null);

    assertThat(response.body()).isEqualTo("raced");
    String id = sessionId(response);
    List<String> expected = new ArrayList<>();
    IntStream.range(0, AsyncActions.RACE_ATTRIBUTES)
        .forEach(
            i -> {
              expected.add("o" + i);
              expected.add("w" + i);
            });
    assertThat(Arrays.asList(get("/app/names", id).body().split(",")))
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}
