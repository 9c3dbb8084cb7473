package dev.sojourn.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One device (a client), as a real HTTP client sees the sample: it keeps the session cookie by hand
 * (so a test can read and replay an old ID), follows no redirects, and reads CSRF tokens off the
 * pages. Thread-safe for concurrent requests on one session once signed in.
 */
final class Client {
  static final String COOKIE = "__Host-sojourn";
  private static final Pattern CSRF =
      Pattern.compile("name=\"_csrf\" (?:type=\"hidden\" )?value=\"([^\"]+)\"");
  private static final Pattern COUNTER = Pattern.compile("<strong id=\"counter\">(\\d+)</strong>");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private final int port;
  volatile @Nullable String sessionId;

  Client(int port) {
    this.port = port;
  }

  /** Another device that presents {@code id} as its session cookie. */
  Client withSession(@Nullable String id) {
    Client copy = new Client(port);
    copy.sessionId = id;
    return copy;
  }

  String id() {
    return Objects.requireNonNull(sessionId, "this client holds no session");
  }

  /** Signs in through Spring Security's form; returns the session ID it had before. */
  String signIn(String user, String password) {
    String token = csrf(get("/login"));
    String before = id();
    HttpResponse<String> login =
        post("/login", Map.of("username", user, "password", password, "_csrf", token));
    assertThat(login.statusCode()).as("sign-in of %s", user).isEqualTo(302);
    assertThat(login.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
    return before;
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<String> post(String path, Map<String, String> form) {
    String body =
        new LinkedHashMap<>(form)
            .entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The home page's counter; fails if the client is not signed in. */
  long counter() {
    HttpResponse<String> home = get("/");
    assertThat(home.statusCode()).as("home page").isEqualTo(200);
    return Long.parseLong(find(COUNTER, home.body()));
  }

  /** The CSRF token in a page's first form. */
  static String csrf(HttpResponse<String> page) {
    assertThat(page.statusCode()).isEqualTo(200);
    return find(CSRF, page.body());
  }

  /** Whether the response sends the client to the login form. */
  static boolean toLogin(HttpResponse<String> response) {
    return response.statusCode() == 302
        && response.headers().firstValue("Location").orElse("").endsWith("/login");
  }

  /** The value the response sets our cookie to: the new ID, "" if cleared, null if untouched. */
  static @Nullable String setCookie(HttpResponse<?> response) {
    for (String header : response.headers().allValues("Set-Cookie")) {
      if (header.startsWith(COOKIE + "=")) {
        String value = header.substring(COOKIE.length() + 1);
        int semi = value.indexOf(';');
        return semi < 0 ? value : value.substring(0, semi);
      }
    }
    return null;
  }

  private static String find(Pattern pattern, String body) {
    Matcher m = pattern.matcher(body);
    assertThat(m.find()).as("%s in %s", pattern, body).isTrue();
    return m.group(1);
  }

  private HttpResponse<String> send(HttpRequest.Builder builder) {
    String id = sessionId;
    if (id != null) {
      builder.header("Cookie", COOKIE + "=" + id);
    }
    try {
      HttpResponse<String> response =
          HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      String set = setCookie(response);
      if (set != null) {
        sessionId = set.isEmpty() ? null : set;
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
