package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CSRF filter's accept/reject matrix on a real container; subclasses name the container. */
abstract class CsrfSuite extends ServerFixture {
  private String id;
  private String token;

  @BeforeEach
  void startSession() throws Exception {
    HttpResponse<String> page = get("/csrf/token", null);
    id = sessionId(page);
    token = page.body();
    assertThat(token).hasSize(32);
  }

  private HttpResponse<String> call(
      String method, String path, @Nullable String header, String... extraHeaders)
      throws Exception {
    HttpRequest.Builder builder =
        request(path, id).method(method, HttpRequest.BodyPublishers.noBody());
    if (header != null) {
      builder.header(CsrfFilter.HEADER, header);
    }
    for (int i = 0; i < extraHeaders.length; i += 2) {
      builder.header(extraHeaders[i], extraHeaders[i + 1]);
    }
    return send(builder);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "OPTIONS"})
  void safeMethods_passWithoutToken(String method) throws Exception {
    assertThat(call(method, "/csrf/echo", null).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
  void unsafeMethods_passWithTheHeaderToken(String method) throws Exception {
    HttpResponse<String> response = call(method, "/csrf/echo", token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("passed " + method);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
  void unsafeMethods_withoutToken_areRefused(String method) throws Exception {
    HttpResponse<String> response = call(method, "/csrf/echo", null);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("CSRF token missing");
  }

  @Test
  void post_withTheFormField_passes() throws Exception {
    HttpResponse<String> response =
        send(
            request("/csrf/echo", id)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("x=1&_csrf=" + token)));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void post_withAWrongFormField_isRefused() throws Exception {
    HttpResponse<String> response =
        send(
            request("/csrf/echo", id)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token.substring(1) + "x")));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("does not match");
  }

  @Test
  void post_withAnotherSessionsToken_isRefused() throws Exception {
    String otherToken = get("/csrf/token", null).body();

    HttpResponse<String> response = call("POST", "/csrf/echo", otherToken);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("CSRF token does not match this session's token");
  }

  @Test
  void post_withoutASession_isRefused() throws Exception {
    HttpResponse<String> response =
        send(
            request("/csrf/echo")
                .header(CsrfFilter.HEADER, token)
                .POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("no session");
  }

  @Test
  void crossSiteFetch_isRefused_evenWithTheToken() throws Exception {
    HttpResponse<String> response =
        call("POST", "/csrf/echo", token, "Sec-Fetch-Site", "cross-site");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("Sec-Fetch-Site: cross-site");
  }

  @ParameterizedTest
  @ValueSource(strings = {"same-origin", "same-site", "none"})
  void secFetchSite_otherThanCrossSite_passes_andDecidesOverOrigin(String site) throws Exception {
    HttpResponse<String> response =
        call("POST", "/csrf/echo", token, "Sec-Fetch-Site", site, "Origin", "https://evil.example");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void withoutSecFetchSite_aForeignOrigin_isRefused() throws Exception {
    HttpResponse<String> response =
        call("POST", "/csrf/echo", token, "Origin", "https://evil.example");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("origin check failed").contains("https://evil.example");
  }

  @Test
  void withoutSecFetchSite_theOwnOrigin_passes() throws Exception {
    assertThat(call("POST", "/csrf/echo", token, "Origin", origin()).statusCode()).isEqualTo(200);
  }

  @Test
  void withoutSecFetchSite_aNullOrigin_isRefused() throws Exception {
    assertThat(call("POST", "/csrf/echo", token, "Origin", "null").statusCode()).isEqualTo(403);
  }

  @Test
  void configuredOrigins_replaceTheOwnOrigin() throws Exception {
    assertThat(call("POST", "/csrf-origin/echo", token, "Origin", ALLOWED_ORIGIN).statusCode())
        .isEqualTo(200);
    assertThat(call("POST", "/csrf-origin/echo", token, "Origin", origin()).statusCode())
        .isEqualTo(403);
  }

  @Test
  void token_rotatesAtLogin_andTheOldOneIsRefused() throws Exception {
    HttpResponse<String> login = call("POST", "/csrf/login?user=alice", token);
    assertThat(login.statusCode()).isEqualTo(200);
    id = sessionId(login);

    String rotated = get("/csrf/token", id).body();

    assertThat(rotated).hasSize(32).isNotEqualTo(token);
    assertThat(call("POST", "/csrf/echo", token).statusCode()).isEqualTo(403);
    assertThat(call("POST", "/csrf/echo", rotated).statusCode()).isEqualTo(200);
  }
}
