package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.StoreException;
import dev.sojourn.testing.redis.RedisServer;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store under faults: a server killed during traffic, and one that stops answering. */
class FaultTest {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.standalone();

  private static final Duration TIMEOUT = Duration.ofMillis(800);
  private static final Duration TTL = Duration.ofMinutes(30);

  private final TokenGenerator tokens = TokenGenerator.secure();

  private RedisStore newStore() {
    return RedisStore.builder()
        .uri(REDIS.uri())
        .commandTimeout(TIMEOUT)
        .keyPrefix("fault:")
        .build();
  }

  private String create(RedisStore store) {
    String id = tokens.next();
    store.commit(
        SessionChange.create(id, tokens.next(), System.currentTimeMillis())
            .put("a", "1".getBytes(UTF_8))
            .ttl(TTL)
            .build());
    return id;
  }

  private static Set<Thread> threads() {
    return Thread.getAllStackTraces().keySet();
  }

  @Test
  void killedServer_failsEveryCallWithinTheTimeout_andTheSameStoreWorksWhenItIsBack()
      throws Exception {
    Set<Thread> before = threads();
    RedisStore store = newStore();
    String id = create(store);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong slowest = new AtomicLong();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    // Conditions, not clocks: traffic has run before the kill, and has failed during the outage.
    CountDownLatch served = new CountDownLatch(40);
    CountDownLatch failed = new CountDownLatch(40);
    List<Thread> traffic = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                while (!stop.get()) {
                  long start = System.nanoTime();
                  try {
                    store.load(id);
                    store.commit(
                        SessionChange.update(id).put("b", "2".getBytes(UTF_8)).ttl(TTL).build());
                    served.countDown();
                  } catch (RuntimeException e) {
                    failures.add(e);
                    failed.countDown();
                  }
                  slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
                }
              },
              "fault-traffic-" + t);
      traffic.add(thread);
      thread.start();
    }
    assertThat(served.await(10, TimeUnit.SECONDS)).as("traffic before the kill").isTrue();
    REDIS.server().kill();
    assertThat(failed.await(20, TimeUnit.SECONDS)).as("failures during the outage").isTrue();
    int threadsDuringOutage = threads().size();
    assertThat(clientThreads(before)).as("the client's threads, during the outage").isNotEmpty();
    stop.set(true);
    for (Thread thread : traffic) {
      thread.join(5_000);
      assertThat(thread.isAlive()).as("%s hangs", thread.getName()).isFalse();
    }

    assertThat(failures).isNotEmpty();
    assertThat(failures)
        .allSatisfy(
            e -> assertThat(e).isInstanceOf(StoreException.class).hasMessageStartingWith("redis "));
    // Two calls per loop, each bounded by the command timeout plus the wait's margin.
    assertThat(Duration.ofNanos(slowest.get())).isLessThan(TIMEOUT.plusSeconds(1).multipliedBy(2));
    long start = System.nanoTime();
    assertThatThrownBy(() -> store.load(id))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("load");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(1));

    REDIS.server().restart();
    String fresh = awaitRecovery(store);
    assertThat(store.load(fresh)).isNotNull();
    assertThat(store.load(id))
        .as("persistence is off: the old session died with the server")
        .isNull();
    assertThat(threads().size()).isLessThanOrEqualTo(threadsDuringOutage + 2);

    store.close();
    assertThat(awaitClientThreadsGone(before)).as("client threads left after close").isEmpty();
  }

  /**
   * Commits a new session until the store has reconnected (at most 10 s); returns its ID. Each
   * attempt is refused at once while Lettuce reconnects in the background, so this retries without
   * waiting in between.
   */
  private String awaitRecovery(RedisStore store) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return create(store);
      } catch (StoreException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.onSpinWait();
      }
    }
  }

  /** Lettuce's and Netty's threads (all named lettuce-*) started since {@code before}. */
  private static List<String> clientThreads(Set<Thread> before) {
    return threads().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .map(Thread::getName)
        .filter(name -> name.startsWith("lettuce"))
        .collect(Collectors.toList());
  }

  /** Joins the client's threads (each for at most 5 s) and returns those still alive. */
  private static List<String> awaitClientThreadsGone(Set<Thread> before)
      throws InterruptedException {
    for (Thread thread : threads()) {
      if (!before.contains(thread) && thread.getName().startsWith("lettuce")) {
        thread.join(5_000);
      }
    }
    return clientThreads(before);
  }

  @Test
  void serverThatStopsAnswering_timesOutWithAStoreException() throws Exception {
    try (RedisStore store = newStore()) {
      String id = create(store);
      REDIS.server().command("CLIENT", "PAUSE", "3000");
      try {
        long start = System.nanoTime();
        assertThatThrownBy(() -> store.load(id))
            .isInstanceOf(StoreException.class)
            .hasMessage("redis did not answer load within PT0.8S (command timeout)");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took)
            .isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50))
            .isLessThan(TIMEOUT.plusSeconds(1));
      } finally {
        REDIS.server().command("CLIENT", "UNPAUSE");
      }
      assertThat(Objects.requireNonNull(store.load(id)).attributes()).containsKey("a");
    }
  }

  @Test
  void stoppedServer_atBuild_startsAnyway_failsEachCall_thenWorksOnceTheServerIsUp() {
    try (RedisServer server = RedisServer.start(List.of())) {
      server.kill();
      long start = System.nanoTime();
      try (RedisStore store =
          RedisStore.builder().uri(server.uri()).commandTimeout(TIMEOUT).build()) {
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(1));
        assertThat(store.maxmemoryPolicy()).isEmpty();
        for (int i = 0; i < 3; i++) {
          assertThatThrownBy(() -> store.load("some-id"))
              .isInstanceOf(StoreException.class)
              .hasMessageStartingWith("cannot connect to redis at [" + server.uri() + "]")
              .hasMessageContaining("the next call tries again");
          assertThatThrownBy(() -> create(store)).isInstanceOf(StoreException.class);
        }
        server.restart();
        String id = create(store);
        assertThat(store.load(id)).isNotNull();
        assertThat(store.maxmemoryPolicy()).isEqualTo("noeviction");
      }
    }
  }

  @Test
  void serverThatStallsWhileConnecting_atBuild_startsAnyway_andCallsFailWithinTheTimeout()
      throws Exception {
    // Accepts TCP connections (the backlog) but never answers: the handshake stalls.
    try (java.net.ServerSocket stalled =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      String uri = "redis://127.0.0.1:" + stalled.getLocalPort();
      long start = System.nanoTime();
      try (RedisStore store = RedisStore.builder().uri(uri).commandTimeout(TIMEOUT).build()) {
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(2));
        long call = System.nanoTime();
        assertThatThrownBy(() -> store.load("some-id"))
            .isInstanceOf(StoreException.class)
            .hasMessageStartingWith("cannot connect to redis at [" + uri + "]");
        assertThat(Duration.ofNanos(System.nanoTime() - call)).isLessThan(TIMEOUT.plusSeconds(2));
      }
    }
  }

  @Test
  void builder_rejectsBadSettings_withMessagesThatNameThem() {
    assertThatThrownBy(() -> RedisStore.builder().uri("http://nope").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a redis URI: 'http://nope'");
    assertThatThrownBy(() -> RedisStore.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("set uri(...) or clusterUris(...) before build()");
    assertThatThrownBy(() -> RedisStore.builder().commandTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("commandTimeout must be between 1 ms and 1 minute, was PT0S");
    assertThatThrownBy(() -> RedisStore.builder().uri(REDIS.uri()).clusterUris(List.of("x")))
        .isInstanceOf(IllegalStateException.class);
  }
}
