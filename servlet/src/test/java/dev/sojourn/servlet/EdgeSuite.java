package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The edges of the cookie and of the response commit: duplicate cookies, a committed response. */
abstract class EdgeSuite extends AsyncSuite {

  /** Cookie tossing: a planted cookie of our name sent before the real one must not end it. */
  @ParameterizedTest
  @ValueSource(strings = {"garbage", "11111111111111111111111111111111"})
  void duplicateCookies_theFirstLiveValueWins(String planted) throws Exception {
    String id = newSession();

    HttpResponse<String> response =
        send(request("/app/get?name=a").header("Cookie", cookies(planted, id)));

    assertThat(response.body()).isEqualTo("1");
    assertThat(setCookie(response)).as("the live cookie is left alone").isNull();
    assertThat(get("/app/get?name=a", id).body()).as("the session lives on").isEqualTo("1");
  }

  @Test
  void duplicateCookies_liveValueFirst_isUsed_andNotCleared() throws Exception {
    String id = newSession();

    HttpResponse<String> response =
        send(request("/app/get?name=a").header("Cookie", cookies(id, "garbage")));

    assertThat(response.body()).isEqualTo("1");
    assertThat(setCookie(response)).isNull();
  }

  @Test
  void duplicateCookies_noneLive_clearTheCookie() throws Exception {
    HttpResponse<String> response =
        send(request("/app/get?name=a").header("Cookie", cookies("garbage", "1".repeat(32))));

    assertThat(response.body()).isEqualTo("no session");
    assertCleared(response);
  }

  @Test
  void duplicateCookies_onlyTheFirstFewWellFormedValues_reachTheStore() throws Exception {
    String id = newSession();
    String[] values = new String[IdTransport.MAX_CANDIDATES + 1];
    for (int i = 0; i < IdTransport.MAX_CANDIDATES; i++) {
      values[i] = String.valueOf((char) ('1' + i)).repeat(32);
    }
    values[IdTransport.MAX_CANDIDATES] = id;
    store.seenIds().clear();

    HttpResponse<String> response =
        send(request("/app/get?name=a").header("Cookie", cookies(values)));

    assertThat(response.body()).as("the live ID came too late").isEqualTo("no session");
    assertThat(store.seenIds()).hasSize(IdTransport.MAX_CANDIDATES).doesNotContain(id);
  }

  @Test
  void duplicateCookies_aRepeatedValue_takesOnePlaceAmongTheCandidates() throws Exception {
    String id = newSession();
    String[] values = new String[IdTransport.MAX_CANDIDATES + 1];
    java.util.Arrays.fill(values, "1".repeat(32));
    values[IdTransport.MAX_CANDIDATES] = id;

    HttpResponse<String> response =
        send(request("/app/get?name=a").header("Cookie", cookies(values)));

    assertThat(response.body()).as("the planted value, sent 4 times, is tried once").isEqualTo("1");
    assertThat(setCookie(response)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"create-after-commit", "create-after-commit-typed"})
  void startingASession_afterTheResponseIsCommitted_throws_andStoresNothing(String action)
      throws Exception {
    store.seenIds().clear();

    HttpResponse<String> response = get("/app/" + action + "?name=late&value=1", null);

    assertThat(response.body())
        .startsWith("committed;IllegalStateException: cannot start a session")
        .contains("response is already committed");
    assertThat(setCookie(response)).isNull();
    assertThat(store.seenIds()).as("nothing was stored").isEmpty();
  }

  @Test
  void anExistingSession_isStillUsable_afterTheResponseIsCommitted() throws Exception {
    String id = newSession();

    HttpResponse<String> response = get("/app/create-after-commit?name=late&value=1", id);

    assertThat(response.body()).isEqualTo("committed;no exception");
    assertThat(get("/app/names", id).body()).isEqualTo("a,late");
  }

  private static String cookies(String... values) {
    StringBuilder header = new StringBuilder();
    for (String value : values) {
      if (header.length() > 0) {
        header.append("; ");
      }
      header.append(COOKIE).append('=').append(value);
    }
    return header.toString();
  }
}
