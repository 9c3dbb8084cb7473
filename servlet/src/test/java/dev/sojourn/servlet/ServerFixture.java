package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.store.memory.MemoryStore;
import dev.sojourn.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Starts a real container with the filters and {@link TestApp}, and talks to it over HTTP with
 * {@link HttpClient}. Cookies are handled by hand, so that tests see exactly what the server sent.
 *
 * <p>Session listeners ({@link RecordingListener}) are registered every usual way: declared (the
 * container instantiates the class), added with {@code ServletContext.addListener}, handed to the
 * container's embedding API, and with the cookie filter's builder (one of them with the container
 * too), beside a {@link ThrowingListener}. The header filter does not fire the container's
 * listeners.
 *
 * <p>Mounts: the cookie {@link SessionFilter} on {@code /app/*} and {@code /csrf/*}; a header one
 * on {@code /api/*}; {@link CsrfFilter} on {@code /csrf/*} (own origin) and {@code /csrf-origin/*}
 * (an allowed origin of {@value #ALLOWED_ORIGIN}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerFixture {
  static final String COOKIE = CookieSettings.DEFAULT_NAME;
  static final String ALLOWED_ORIGIN = "https://app.example";
  static final String SESSION_HEADER = "X-Session-Id";
  static final Pattern SET_COOKIE = Pattern.compile("^" + COOKIE + "=([^;]*)(;.*)$");

  /** Registered with the container and with the cookie filter's builder: must hear each once. */
  static final RecordingListener BOTH_WAYS = new RecordingListener("both");

  final MutableClock clock = MutableClock.start();
  SwitchableStore store;
  SessionManager manager;
  SessionManager fullManager;
  private ServletContainer.Running server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  abstract ServletContainer container();

  @BeforeAll
  void startServer() throws Exception {
    store =
        new SwitchableStore(MemoryStore.builder().clock(clock).backgroundSweeper(false).build());
    manager =
        SessionManager.builder()
            .store(store)
            .clock(clock)
            .idleTimeout(Duration.ofMinutes(30))
            .absoluteTimeout(Duration.ofHours(12))
            .codec(AttributeCodec.builder().register(Bound.CODEC).build())
            .build();
    // A real store at its maximum size, holding only a signed-in session it must not evict. On
    // the system clock, so that the fake clock's jumps do not expire the resident.
    fullManager =
        SessionManager.builder()
            .store(MemoryStore.builder().backgroundSweeper(false).maximumSize(1).build())
            .build();
    Session resident = fullManager.newSession();
    resident.login("resident");
    fullManager.commit(resident);
    SessionFilter cookieFilter =
        SessionFilter.builder(manager)
            .listener(new ThrowingListener())
            .listener(new RecordingListener("builder"))
            .listener(BOTH_WAYS)
            .build();
    SessionFilter headerFilter =
        SessionFilter.builder(manager).header(SESSION_HEADER).containerListeners(false).build();
    server =
        container()
            .start(
                new ServletContainer.Deployment(
                    List.of(
                        new ServletContainer.Mount("returned", new ReturnedFilter(), "/app/*"),
                        new ServletContainer.Mount(
                            "sessions", cookieFilter, "/app/*", "/csrf/*", "/csrf-origin/*"),
                        new ServletContainer.Mount("api-sessions", headerFilter, "/api/*"),
                        new ServletContainer.Mount(
                            "full-sessions", SessionFilter.of(fullManager), "/full/*"),
                        new ServletContainer.Mount("csrf", CsrfFilter.create(), "/csrf/*"),
                        new ServletContainer.Mount(
                            "csrf-origin",
                            CsrfFilter.builder().allowedOrigin(ALLOWED_ORIGIN).build(),
                            "/csrf-origin/*")),
                    new TestApp(manager),
                    List.of(RecordingListener.class),
                    List.of(new RecordingListener("added"), BOTH_WAYS),
                    List.of(new RecordingListener("embedded"))));
  }

  @AfterEach
  void storeUpAgain() {
    store.mode(SwitchableStore.Mode.UP);
  }

  @AfterAll
  void stopServer() throws Exception {
    server.close();
    manager.close();
    fullManager.close();
  }

  String origin() {
    return "http://127.0.0.1:" + server.port();
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(origin() + path)).timeout(Duration.ofSeconds(10));
  }

  HttpRequest.Builder request(String path, @Nullable String sessionId) {
    HttpRequest.Builder builder = request(path);
    if (sessionId != null) {
      builder.header("Cookie", COOKIE + "=" + sessionId);
    }
    return builder;
  }

  HttpResponse<String> send(HttpRequest.Builder builder) throws IOException, InterruptedException {
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, @Nullable String sessionId)
      throws IOException, InterruptedException {
    return send(request(path, sessionId));
  }

  /** The one Set-Cookie header for our cookie, or null if there is none. */
  static @Nullable String setCookie(HttpResponse<?> response) {
    List<String> ours =
        response.headers().allValues("Set-Cookie").stream()
            .filter(v -> v.startsWith(COOKIE + "="))
            .toList();
    assertThat(ours).as("Set-Cookie headers for " + COOKIE).hasSizeLessThanOrEqualTo(1);
    return ours.isEmpty() ? null : ours.get(0);
  }

  /** The session ID the response handed out; fails if it handed out none. */
  static String sessionId(HttpResponse<?> response) {
    String header = setCookie(response);
    assertThat(header).as("Set-Cookie of " + response.uri()).isNotNull();
    Matcher m = SET_COOKIE.matcher(header);
    assertThat(m.matches()).as(header).isTrue();
    assertThat(m.group(1)).as("cookie value").isNotEmpty();
    return m.group(1);
  }

  /** Asserts that the response told the client to delete its cookie. */
  static void assertCleared(HttpResponse<?> response) {
    assertThat(setCookie(response))
        .isEqualTo(COOKIE + "=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  /** Starts a session holding {@code a=1} and returns its ID. */
  String newSession() throws IOException, InterruptedException {
    return sessionId(get("/app/put?name=a&value=1", null));
  }
}
