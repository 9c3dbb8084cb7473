package dev.sojourn.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One browser-like client of the demo: keeps the session cookie and the CSRF cookie as the server
 * sets and clears them (by hand, so that a test sees exactly what was sent; {@code Clear-Site-Data:
 * "cookies"} clears both, as a browser does), and reads the CSRF token from the JSON API.
 */
final class DemoClient {
  static final String SESSION_COOKIE = "__Host-sojourn";
  static final String CSRF_COOKIE = "__Host-sojourn-csrf";
  private static final Pattern COOKIE =
      Pattern.compile("^(__Host-sojourn(?:-csrf)?)=([^;]*)(;.*)?$");
  private static final Pattern JSON_FIELD = Pattern.compile("\"(\\w+)\": (null|\"[^\"]*\"|\\d+)");

  private final HttpClient http;
  private final String base;
  private final Map<String, String> cookies = new ConcurrentHashMap<>();

  DemoClient(HttpClient http, int port) {
    this.http = http;
    this.base = "http://127.0.0.1:" + port;
  }

  /** The session cookie's value, or null if the client holds none. */
  @Nullable String cookie() {
    return cookies.get(SESSION_COOKIE);
  }

  /** The CSRF (pre-session) cookie's value, or null if the client holds none. */
  @Nullable String csrfCookie() {
    return cookies.get(CSRF_COOKIE);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  HttpResponse<String> postForm(String path, String... fields)
      throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < fields.length; i += 2) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    return send(
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  HttpResponse<String> postWithToken(String path, String token)
      throws IOException, InterruptedException {
    return send(
        request(path).header("X-CSRF-Token", token).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** {@code GET /api/session}, one field of it. */
  @Nullable String apiSession(String field) throws IOException, InterruptedException {
    return field(get("/api/session").body(), field);
  }

  /** The session's CSRF token, from {@code GET /api/session}. */
  String csrf() throws IOException, InterruptedException {
    String token = apiSession("csrf");
    if (token == null) {
      throw new AssertionError("/api/session gave no CSRF token");
    }
    return token;
  }

  static @Nullable String field(String json, String name) {
    Matcher m = JSON_FIELD.matcher(json);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        String value = m.group(2);
        return value.equals("null") ? null : value.replace("\"", "");
      }
    }
    throw new AssertionError("no field '" + name + "' in " + json);
  }

  /** Signs in through the form, as a browser does. */
  HttpResponse<String> login(String user, String password)
      throws IOException, InterruptedException {
    String token = csrf();
    return postForm("/login", "username", user, "password", password, "_csrf", token);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (!cookies.isEmpty()) {
      StringBuilder header = new StringBuilder();
      cookies.forEach(
          (name, value) ->
              header
                  .append(header.length() == 0 ? "" : "; ")
                  .append(name)
                  .append('=')
                  .append(value));
      builder.header("Cookie", header.toString());
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder builder)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    if (response.headers().firstValue("Clear-Site-Data").orElse("").contains("\"cookies\"")) {
      cookies.clear();
    }
    for (String header : response.headers().allValues("Set-Cookie")) {
      Matcher m = COOKIE.matcher(header);
      if (m.matches()) {
        String attributes = m.group(3) == null ? "" : m.group(3);
        if (attributes.contains("Max-Age=0")) {
          cookies.remove(m.group(1));
        } else {
          cookies.put(m.group(1), m.group(2));
        }
      }
    }
    return response;
  }
}
