package dev.sojourn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.store.memory.MemoryStore;
import dev.sojourn.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A flood of cookieless page views against the demo over real HTTP: it must store no session, and a
 * visitor who loaded the sign-in form before it must still sign in. The big flood's size is {@code
 * -Dsojourn.flood.views} (default {@value #DEFAULT_VIEWS}).
 */
class DemoFloodTest {
  static final int DEFAULT_VIEWS = 100_000;
  private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final MutableClock clock = MutableClock.start();
  private final HttpClient http = HttpClient.newHttpClient();

  private static ServerOptions options() {
    return new ServerOptions(
        0, "127.0.0.1", "memory", Duration.ofMinutes(30), Duration.ofHours(12), false);
  }

  @Test
  void aFloodOfCookielessPageViews_storesNoSession_andTheVisitorBeforeItSignsIn() throws Exception {
    MemoryStore store = MemoryStore.builder().clock(clock).build();
    try (DemoServer server = DemoServer.start(options(), clock, store)) {
      DemoClient visitor = new DemoClient(http, server.port());
      String formToken = formToken(visitor.get("/").body());

      flood(server.port(), Integer.getInteger("sojourn.flood.views", DEFAULT_VIEWS));

      assertThat(store.size()).as("sessions stored by the flood").isZero();
      HttpResponse<String> login =
          visitor.postForm(
              "/login", "username", "alice", "password", "wonderland", "_csrf", formToken);
      assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
      assertThat(visitor.apiSession("user")).isEqualTo("alice");
      assertThat(store.size()).isOne();
    }
  }

  @Test
  void aFloodIntoASmallStore_doesNotEvictTheVisitorWhoIsAboutToSignIn() throws Exception {
    MemoryStore store =
        MemoryStore.builder().clock(clock).maximumSize(50).backgroundSweeper(false).build();
    try (DemoServer server = DemoServer.start(options(), clock, store)) {
      DemoClient visitor = new DemoClient(http, server.port());
      String formToken = formToken(visitor.get("/").body());

      flood(server.port(), 1_000);

      HttpResponse<String> login =
          visitor.postForm("/login", "username", "bob", "password", "builder", "_csrf", formToken);
      assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
      assertThat(visitor.apiSession("user")).isEqualTo("bob");
    }
  }

  static String formToken(String page) {
    Matcher m = FORM_TOKEN.matcher(page);
    if (!m.find()) {
      throw new AssertionError("no _csrf field in " + page);
    }
    return m.group(1);
  }

  /** {@code views} cookieless {@code GET /} from 4 threads; every one must answer 200. */
  private void flood(int port, int views) throws Exception {
    HttpRequest page =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(30))
            .build();
    AtomicInteger next = new AtomicInteger();
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long started = System.nanoTime();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  while (next.getAndIncrement() < views) {
                    HttpResponse<Void> response =
                        http.send(page, HttpResponse.BodyHandlers.discarding());
                    assertThat(response.statusCode()).isEqualTo(200);
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf(
        "flood: %,d cookieless page views in %.1f s%n", views, (System.nanoTime() - started) / 1e9);
  }
}
