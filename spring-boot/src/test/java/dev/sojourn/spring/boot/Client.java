package dev.sojourn.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP client that keeps the session cookie by hand, so a test can replay an old ID. No
 * redirects are followed.
 */
final class Client {
  static final String COOKIE = "__Host-sojourn";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private final int port;
  @Nullable String sessionId;

  Client(int port) {
    this.port = port;
  }

  Client withSession(@Nullable String id) {
    Client copy = new Client(port);
    copy.sessionId = id;
    return copy;
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<String> post(String path, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", "http://127.0.0.1:" + port)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The cookie header the last response set: the new ID, "" if cleared, null if none. */
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

  private HttpResponse<String> send(HttpRequest.Builder builder) {
    if (sessionId != null) {
      builder.header("Cookie", COOKIE + "=" + sessionId);
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
