package dev.sojourn.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every implementation of the HTTP benchmark really keeps its counter in a session: over real HTTP,
 * a client that carries its cookie sees 1, then 2, then 3; one that does not starts afresh; the
 * baseline keeps nothing.
 */
class HttpServeTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "spring", "sojourn", "spring-redis", "sojourn-redis"})
  void counter_growsInTheSession_thatTheCookieCarries(String impl) throws Exception {
    try (HttpServe serve = HttpServe.start(impl)) {
      HttpResponse<String> first = get(serve, null, "a");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("1\n");
      assertThat(first.headers().firstValue(CounterServlet.SLOT)).hasValue("a");
      String cookie = cookie(first).orElseThrow(() -> new AssertionError("no Set-Cookie"));

      assertThat(get(serve, cookie, "b").body()).isEqualTo("2\n");
      assertThat(get(serve, cookie, "c").body()).isEqualTo("3\n");
      HttpResponse<String> stranger = get(serve, null, "d");
      assertThat(stranger.body()).isEqualTo("1\n");
      assertThat(cookie(stranger)).isPresent().isNotEqualTo(Optional.of(cookie));

      assertThat(serve.servlet().sessionsCreated()).isEqualTo(2);
      assertThat(serve.servlet().report()).isEqualTo("requests=4 sessions_created=2 max_counter=3");
    }
  }

  @Test
  void none_keepsNothing_andSetsNoCookie() throws Exception {
    try (HttpServe serve = HttpServe.start("none")) {
      HttpResponse<String> first = get(serve, null, "a");
      assertThat(first.body()).isEqualTo("1\n");
      assertThat(cookie(first)).isEmpty();
      assertThat(get(serve, "JSESSIONID=whatever", "b").body()).isEqualTo("1\n");
      assertThat(serve.servlet().report()).isEqualTo("requests=2 sessions_created=0 max_counter=1");
    }
  }

  @Test
  void start_refusesAnUnknownImpl_namingTheKnownOnes() {
    assertThatThrownBy(() -> HttpServe.start("tomcat"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown impl 'tomcat': expected one of none, jetty, spring, sojourn, spring-redis,"
                + " sojourn-redis");
  }

  private HttpResponse<String> get(HttpServe serve, @Nullable String cookie, String slot)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port() + "/"))
            .timeout(Duration.ofSeconds(10))
            .header(CounterServlet.SLOT, slot);
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The {@code name=value} of the response's one Set-Cookie, if it has one. */
  private static Optional<String> cookie(HttpResponse<?> response) {
    List<String> all = response.headers().allValues("Set-Cookie");
    assertThat(all).hasSizeLessThanOrEqualTo(1);
    return all.stream().map(header -> header.substring(0, header.indexOf(';'))).findFirst();
  }
}
