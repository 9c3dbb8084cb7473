package dev.sojourn.servlet;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.memory.MemoryStore;
import dev.sojourn.testing.MutableClock;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.BufferUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Fuzz target: the session ID a client presents (cookie or header) and the CSRF token it submits,
 * through a real Jetty (its own HTTP parser, cookie parsing and servlet pipeline, driven in memory
 * through a {@link LocalConnector}) with {@link SessionFilter} and {@link CsrfFilter} mapped as an
 * application maps them (docs/fuzzing.md). It reaches {@code IdTransport.read}, the well-formedness
 * check in {@code RequestSession}, and the CSRF check, with any bytes an attacker can send.
 *
 * <p>Input, as text so that the regression inputs in {@code RequestFuzzTestInputs/request/} read as
 * requests: the first line is {@code METHOD PATH}; the next lines, up to an empty one, are header
 * lines sent as they are; the rest is the body. {@code $ID} and {@code $CSRF} stand for the ID and
 * CSRF token of one live signed-in session. Framing headers ({@code Host}, {@code Content-Length},
 * {@code Transfer-Encoding}, {@code Connection}, {@code Expect}) are set by the target. Mounts:
 * cookie sessions on {@code /app/*} and {@code /csrf/*}, header sessions ({@value #HEADER}) on
 * {@code /api/*}, the CSRF filter on {@code /csrf/*}. Checked for every input:
 *
 * <ul>
 *   <li>the answer is never a server error (5xx; but 501, Jetty's answer to an unknown method);
 *   <li>no ID that is not well-formed reaches the store;
 *   <li>the live session is served, and its ID appears in the response, only if the request carried
 *       its ID ({@code $ID}); its CSRF token appears only if the request carried the ID or the
 *       token;
 *   <li>an unsafe request to {@code /csrf/*} passes only if it carried both the ID and the token.
 * </ul>
 *
 * <p>When {@code CsrfFilter} changes how tokens are handed out (masking), {@link #token} is the one
 * place to re-point: it must return a token the filter accepts for the live session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestFuzzTest {
  static final String HEADER = "X-Session-Id";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  private static final Set<String> FRAMING =
      Set.of("host", "content-length", "transfer-encoding", "connection", "expect");

  private final MutableClock clock = MutableClock.start();
  private SwitchableStore store;
  private SessionManager manager;
  private Server server;
  private LocalConnector connector;
  private String liveId;
  private String liveToken;

  @BeforeAll
  void start() throws Exception {
    store =
        new SwitchableStore(MemoryStore.builder().clock(clock).backgroundSweeper(false).build());
    manager =
        SessionManager.builder()
            .store(store)
            .clock(clock)
            .idleTimeout(Duration.ofMinutes(30))
            .absoluteTimeout(Duration.ofHours(12))
            .build();
    Session live = manager.newSession();
    live.login("resident");
    manager.commit(live);
    liveId = live.id();
    liveToken = token(live);

    server = new Server();
    connector = new LocalConnector(server);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder cookie = new FilterHolder(SessionFilter.of(manager));
    context.addFilter(cookie, "/app/*", EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(cookie, "/csrf/*", EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(
        new FilterHolder(SessionFilter.builder(manager).header(HEADER).build()),
        "/api/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(
        new FilterHolder(CsrfFilter.create()), "/csrf/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder app = new ServletHolder(new WhoAmI());
    context.getServletHandler().addServletWithMapping(app, "/app/*");
    context.getServletHandler().addServletWithMapping(app, "/api/*");
    context.getServletHandler().addServletWithMapping(app, "/csrf/*");
    server.setHandler(context);
    server.start();
  }

  @AfterAll
  void stop() throws Exception {
    server.stop();
    manager.close();
  }

  /** The CSRF token a page of the live session would submit. */
  private static String token(Session live) {
    return live.csrfToken();
  }

  @Test
  void theLiveSessionIsServedAndPassesTheCsrfCheck() throws Exception {
    String get = send("GET /app/x\nCookie: __Host-sojourn=$ID\n".getBytes(UTF_8)).body;
    assertThat(get).startsWith("user=resident\n");
    String api = send(("GET /api/x\n" + HEADER + ": $ID\n").getBytes(UTF_8)).body;
    assertThat(api).startsWith("user=resident\n");
    Answer post =
        send("POST /csrf/x\nCookie: __Host-sojourn=$ID\nX-CSRF-Token: $CSRF\n".getBytes(UTF_8));
    assertThat(post.status).isEqualTo(200);
    Answer forged = send("POST /csrf/x\nCookie: __Host-sojourn=$ID\n".getBytes(UTF_8));
    assertThat(forged.status).isEqualTo(403);
  }

  @FuzzTest(maxDuration = "60s")
  void request(byte[] input) throws Exception {
    int seen = store.seenIds().size();
    String text = new String(input, ISO_8859_1).replace("\r", ""); // as send() reads it
    // Jazzer's comparison hooks can teach the fuzzer the live values themselves: they count too.
    boolean carriesId = text.contains("$ID") || text.contains(liveId);
    boolean carriesToken = text.contains("$CSRF") || text.contains(liveToken);
    Answer answer = send(input);

    // 501 is the container's answer to a method it does not implement; any other 5xx is ours.
    assertThat(answer.status == 501 || (answer.status >= 100 && answer.status < 500))
        .as("status of %s", answer.raw)
        .isTrue();
    List<String> reached = store.seenIds().subList(seen, store.seenIds().size());
    assertThat(reached).allMatch(TokenGenerator::isWellFormed, "a well-formed ID");
    if (!carriesId) {
      assertThat(answer.raw).doesNotContain(liveId);
      assertThat(answer.body).doesNotStartWith("user=resident\n");
      if (!carriesToken) {
        assertThat(answer.raw).doesNotContain(liveToken); // a 404 page may echo what was sent
      }
    }
    if (answer.reachedUnsafeCsrf()) {
      assertThat(carriesId && carriesToken)
          .as("an unsafe /csrf request passed: %s", answer.request)
          .isTrue();
    }
  }

  private record Answer(int status, String body, String raw, String request) {
    /** Whether the application saw an unsafe request under {@code /csrf/}: the filter let it by. */
    boolean reachedUnsafeCsrf() {
      int method = body.indexOf("\nmethod=");
      return body.contains("\npath=/csrf/")
          && method >= 0
          && !SAFE.contains(body.substring(method + 8).toUpperCase(Locale.ROOT));
    }
  }

  private Answer send(byte[] input) throws Exception {
    String text = new String(input, ISO_8859_1).replace("\r", "");
    int firstLineEnd = text.indexOf('\n');
    String requestLine = firstLineEnd < 0 ? text : text.substring(0, firstLineEnd);
    String rest = firstLineEnd < 0 ? "" : text.substring(firstLineEnd + 1);
    int headersEnd = rest.indexOf("\n\n");
    String headers = headersEnd < 0 ? rest : rest.substring(0, headersEnd);
    String body = headersEnd < 0 ? "" : rest.substring(headersEnd + 2);

    int space = requestLine.indexOf(' ');
    String method = space <= 0 ? "GET" : requestLine.substring(0, space);
    String path = space < 0 ? requestLine : requestLine.substring(space + 1);
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    // A space would split the request line into more than three parts, which Jetty may wait on.
    path = path.replace(" ", "%20");
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    request.append("Host: localhost\r\nConnection: close\r\n");
    for (String line : headers.split("\n", -1)) {
      int colon = line.indexOf(':');
      String name = colon < 0 ? line : line.substring(0, colon);
      if (!line.isEmpty() && !FRAMING.contains(name.trim().toLowerCase(Locale.ROOT))) {
        request.append(line).append("\r\n");
      }
    }
    byte[] bodyBytes = substitute(body).getBytes(ISO_8859_1);
    request.append("Content-Length: ").append(bodyBytes.length).append("\r\n\r\n");
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.writeBytes(substitute(request.toString()).getBytes(ISO_8859_1));
    raw.writeBytes(bodyBytes);

    ByteBuffer response =
        connector.getResponse(ByteBuffer.wrap(raw.toByteArray()), 10, TimeUnit.SECONDS);
    String answer = response == null ? "" : BufferUtil.toString(response, ISO_8859_1);
    return new Answer(
        status(answer),
        answer.contains("\r\n\r\n") ? answer.substring(answer.indexOf("\r\n\r\n") + 4) : "",
        answer,
        request.toString());
  }

  /** The status code of a raw response, or 0 if there is none (the target fails on that). */
  private static int status(String response) {
    if (!response.startsWith("HTTP/1.1 ") || response.length() < 12) {
      return 0;
    }
    try {
      return Integer.parseInt(response.substring(9, 12));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private String substitute(String s) {
    return s.replace("$ID", liveId).replace("$CSRF", liveToken);
  }

  /** Says whose session the request is in, and the path and method it saw. */
  private static final class WhoAmI extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      Session session = SessionFilter.existingSession(request);
      response.setContentType("text/plain;charset=UTF-8");
      response
          .getWriter()
          .print(
              "user="
                  + (session == null ? "-" : Objects.toString(session.user(), "anonymous"))
                  + "\npath="
                  + request.getServletPath()
                  + Objects.toString(request.getPathInfo(), "")
                  + "\nmethod="
                  + request.getMethod());
    }
  }
}
