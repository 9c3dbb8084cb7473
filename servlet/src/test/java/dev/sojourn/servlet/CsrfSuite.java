package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CSRF filter's accept/reject matrix for a request that has a session, on a real container;
 * subclasses name the container. {@link PreSessionCsrfSuite} covers visitors without a session.
 */
abstract class CsrfSuite extends ServerFixture {
  private String id;
  private String token;

  @BeforeEach
  void startSession() throws Exception {
    id = sessionId(get("/csrf/put?name=a&value=1", null));
    token = get("/csrf/token", id).body();
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

  private HttpResponse<String> postForm(String path, String body) throws Exception {
    return send(
        request(path, id)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
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
    assertThat(postForm("/csrf/echo", "x=1&_csrf=" + token).statusCode()).isEqualTo(200);
  }

  @Test
  void post_withAWrongFormField_isRefused() throws Exception {
    HttpResponse<String> response = postForm("/csrf/echo", "_csrf=" + token.substring(1) + "x");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("does not match");
  }

  @Test
  void post_withTheTokenOnlyInTheQueryString_isRefused() throws Exception {
    HttpResponse<String> response = postForm("/csrf/echo?_csrf=" + token, "x=1");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("CSRF token missing").contains("query string");
  }

  @Test
  void post_takesTheBodysToken_notTheQueryStrings() throws Exception {
    assertThat(postForm("/csrf/echo?_csrf=" + token, "_csrf=wrong").statusCode()).isEqualTo(403);
    assertThat(postForm("/csrf/echo?_csrf=wrong&_csrf=x", "_csrf=" + token).statusCode())
        .isEqualTo(200);
  }

  @Test
  void multipartPost_withTheFormField_isRefused_withAMessageNamingTheHeader() throws Exception {
    String boundary = "sojourn-boundary";
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
            + token
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpRequest.Builder multipart =
        request("/csrf/echo", id)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body));

    HttpResponse<String> withField = send(multipart);
    HttpResponse<String> withHeader = send(multipart.header(CsrfFilter.HEADER, token));

    assertThat(withField.statusCode()).isEqualTo(403);
    assertThat(withField.body()).contains("multipart/form-data").contains(CsrfFilter.HEADER);
    assertThat(withHeader.statusCode()).isEqualTo(200);
  }

  @Test
  void post_withAnotherSessionsToken_isRefused() throws Exception {
    String other = sessionId(get("/csrf/put?name=a&value=2", null));
    String otherToken = get("/csrf/token", other).body();

    HttpResponse<String> response = call("POST", "/csrf/echo", otherToken);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("CSRF token does not match this session's token");
  }

  @Test
  void token_isMaskedAfreshForEachResponse_andEveryMaskPasses() throws Exception {
    String second = get("/csrf/token", id).body();

    assertThat(second).isNotEqualTo(token);
    assertThat(call("POST", "/csrf/echo", token).statusCode()).isEqualTo(200);
    assertThat(call("POST", "/csrf/echo", second).statusCode()).isEqualTo(200);
  }

  @Test
  void theUnmaskedSessionToken_passes_forApis() throws Exception {
    String raw = get("/csrf/raw-token", id).body();

    assertThat(raw).hasSize(32);
    assertThat(call("POST", "/csrf/echo", raw).statusCode()).isEqualTo(200);
  }

  @Test
  void aTamperedMaskedToken_isRefused() throws Exception {
    char last = token.charAt(token.length() - 2);
    String tampered =
        token.substring(0, token.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + token.substring(token.length() - 1);

    assertThat(call("POST", "/csrf/echo", tampered).statusCode()).isEqualTo(403);
  }

  @Test
  void crossSiteFetch_isRefused_evenWithTheToken() throws Exception {
    HttpResponse<String> response =
        call("POST", "/csrf/echo", token, "Sec-Fetch-Site", "cross-site");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("Sec-Fetch-Site");
  }

  @ParameterizedTest
  @ValueSource(strings = {"same-origin", "same-site", "none"})
  void secFetchSite_otherThanCrossSite_passes_withTheOwnOrigin(String site) throws Exception {
    assertThat(call("POST", "/csrf/echo", token, "Sec-Fetch-Site", site, "Origin", origin()))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(200);
    assertThat(call("POST", "/csrf/echo", token, "Sec-Fetch-Site", site).statusCode())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"same-origin", "same-site", "none"})
  void secFetchSite_doesNotExcuseAForeignOrigin(String site) throws Exception {
    HttpResponse<String> response =
        call("POST", "/csrf/echo", token, "Sec-Fetch-Site", site, "Origin", "https://evil.example");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("origin check failed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "same-origin, cross-site",
        "same-origin,same-origin",
        "bogus",
        "SAME-ORIGIN?",
        " "
      })
  void secFetchSite_thatIsNotOneKnownValue_isTreatedAsCrossSite(String site) throws Exception {
    HttpResponse<String> response =
        call("POST", "/csrf/echo", token, "Sec-Fetch-Site", site, "Origin", origin());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("Sec-Fetch-Site");
  }

  @Test
  void secFetchSite_sentTwice_isTreatedAsCrossSite() throws Exception {
    HttpResponse<String> response =
        call(
            "POST",
            "/csrf/echo",
            token,
            "Sec-Fetch-Site",
            "same-origin",
            "Sec-Fetch-Site",
            "same-origin");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("Sec-Fetch-Site");
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

  /**
   * An {@code Origin} that names the own origin but is not a serialised origin (user information, a
   * path, a query, a fragment) is malformed and refused, not cut down to the origin it names.
   */
  @ParameterizedTest
  @ValueSource(strings = {"evil@", "evil:pw@"})
  void anOriginWithUserInformation_isRefused(String userInfo) throws Exception {
    String origin = origin().replace("://", "://" + userInfo);

    HttpResponse<String> response = call("POST", "/csrf/echo", token, "Origin", origin);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("origin check failed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"?x=1", "?", "#top", "#", "/path", "/csrf/echo"})
  void anOriginWithAQueryFragmentOrPath_isRefused(String suffix) throws Exception {
    HttpResponse<String> response = call("POST", "/csrf/echo", token, "Origin", origin() + suffix);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("origin check failed");
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
    String rawBefore = get("/csrf/raw-token", id).body();
    HttpResponse<String> login = call("POST", "/csrf/login?user=alice", token);
    assertThat(login.statusCode()).isEqualTo(200);
    id = sessionId(login);

    String rotated = get("/csrf/token", id).body();

    assertThat(get("/csrf/raw-token", id).body()).hasSize(32).isNotEqualTo(rawBefore);
    assertThat(call("POST", "/csrf/echo", token).statusCode()).isEqualTo(403);
    assertThat(call("POST", "/csrf/echo", rawBefore).statusCode()).isEqualTo(403);
    assertThat(call("POST", "/csrf/echo", rotated).statusCode()).isEqualTo(200);
  }
}
