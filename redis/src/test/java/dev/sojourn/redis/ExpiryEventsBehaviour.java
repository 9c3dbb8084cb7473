package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.redis.RedisServer;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Expiry events without keyspace notifications (issue 9 item 7): three stores ("nodes") share one
 * Redis and one fake clock; every expired session must be reported exactly once in total, none
 * twice, none missed, within the sweep interval past its deadline. Subclasses run it on standalone
 * Redis and on the 3-master Cluster.
 */
abstract class ExpiryEventsBehaviour {
  /**
   * The sweep interval. Long, because the lease lives three of them on Redis's real clock, and a
   * loaded test machine must not let it lapse between two steps of a test on the fake clock.
   */
  static final Duration INTERVAL = Duration.ofMinutes(1);

  private static final AtomicInteger PREFIXES = new AtomicInteger();

  final MutableClock clock = MutableClock.start();
  final TokenGenerator tokens = TokenGenerator.secure();
  final byte[] idKey = new byte[32];
  String prefix = "";
  final List<RedisStore> nodes = new ArrayList<>();

  /** Every event delivered, by the ID it carried, with the node that delivered it. */
  final Map<String, List<Integer>> reported = new ConcurrentHashMap<>();

  abstract RedisServerExtension redis();

  /** Passes of {@link #threeSweepers_racingOnTheSameDueEntries_reportEachOnce}. */
  abstract int raceRounds();

  RedisStore.Builder builder() {
    RedisServerExtension redis = redis();
    RedisStore.Builder builder = RedisStore.builder().clock(clock).keyPrefix(prefix);
    return redis.isCluster() ? builder.clusterUris(redis.uris()) : builder.uri(redis.uri());
  }

  RedisStore node(int index) {
    RedisStore node =
        builder().idKey(idKey).expiryEvents(INTERVAL).backgroundSweeper(false).build();
    node.addExpiryListener(
        last -> reported.computeIfAbsent(last.id(), k -> new CopyOnWriteArrayList<>()).add(index));
    nodes.add(node);
    return node;
  }

  @BeforeEach
  void open() {
    new SecureRandom().nextBytes(idKey);
    prefix = "events" + PREFIXES.incrementAndGet() + ":";
    for (int i = 0; i < 3; i++) {
      node(i);
    }
  }

  @AfterEach
  void close() {
    nodes.forEach(RedisStore::close);
  }

  String create(RedisStore into, Duration ttl, @Nullable String user) {
    String id = tokens.next();
    SessionChange.Builder change =
        SessionChange.create(id, tokens.next(), clock.millis()).put("a", "1".getBytes(UTF_8));
    if (user != null) {
      change.user(user, clock.millis());
    }
    into.commit(change.ttl(ttl).build());
    return id;
  }

  void touch(RedisStore into, String id, Duration ttl) {
    into.commit(SessionChange.update(id).lastAccessedAt(clock.millis()).ttl(ttl).build());
  }

  /** Every node sweeps once, in turn. */
  int sweepAll() {
    int total = 0;
    for (RedisStore node : nodes) {
      total += node.sweep();
    }
    return total;
  }

  /** How many entries the deadline sets hold, on every node. */
  long deadlineEntries() {
    long entries = 0;
    for (RedisServer node : redis().nodes()) {
      for (String key : keysOn(node, prefix + "e*")) {
        entries += (Long) Objects.requireNonNull(node.command("ZCARD", key));
      }
    }
    return entries;
  }

  static List<String> keysOn(RedisServer node, String pattern) {
    List<String> keys = new ArrayList<>();
    String cursor = "0";
    do {
      List<?> reply = (List<?>) node.command("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
      cursor = (String) Objects.requireNonNull(reply).get(0);
      for (Object key : (List<?>) reply.get(1)) {
        keys.add((String) key);
      }
    } while (!cursor.equals("0"));
    return keys;
  }

  @Test
  void everyExpiry_isReportedOnce_byOneOfThreeNodes_withinTheSweepInterval() {
    Map<String, Long> deadlines = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      Duration ttl = Duration.ofMinutes(5).plusSeconds(17 * i);
      String id = create(nodes.get(i % 3), ttl, i % 2 == 0 ? "user" + i % 5 : null);
      deadlines.put(id, clock.millis() + ttl.toMillis());
    }
    for (int step = 0; step < 30; step++) {
      clock.advance(INTERVAL);
      sweepAll();
      long now = clock.millis();
      for (Map.Entry<String, Long> session : deadlines.entrySet()) {
        List<Integer> by = reported.get(session.getKey());
        if (session.getValue() <= now) {
          assertThat(by)
              .as("session due at %d, now %d", session.getValue(), now)
              .isNotNull()
              .hasSize(1);
        } else {
          assertThat(by).as("session due at %d, now %d", session.getValue(), now).isNull();
        }
      }
    }
    assertThat(reported).hasSize(60);
    assertThat(deadlineEntries()).isZero();
    assertThat(keysOn(redis().nodes(), prefix + "s:*")).isEmpty();
  }

  static List<String> keysOn(List<RedisServer> servers, String pattern) {
    List<String> keys = new ArrayList<>();
    servers.forEach(node -> keys.addAll(keysOn(node, pattern)));
    return keys;
  }

  @Test
  void threeSweepers_racingOnTheSameDueEntries_reportEachOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      // Enough that each sweeper needs several round trips (script batches on standalone,
      // pipelines of due sets on Cluster), so that their takes overlap.
      int sessions =
          redis().isCluster()
              ? 2 * RedisExpirySweeper.PIPELINE + 200
              : 3 * RedisExpirySweeper.BATCH + 7;
      int contended = 0;
      // At least raceRounds() rounds, and more (up to five times as many) until one of them saw
      // the sweepers overlap: on a loaded machine a sweeper can finish before the others start.
      int round = 0;
      for (; round < raceRounds() || (contended == 0 && round < 5 * raceRounds()); round++) {
        reported.clear();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
          ids.add(create(nodes.get(i % 3), Duration.ofSeconds(10), i % 3 == 0 ? "bob" : null));
        }
        clock.advance(Duration.ofSeconds(10));
        CyclicBarrier start = new CyclicBarrier(3);
        List<Future<Integer>> sweeps = new ArrayList<>();
        for (RedisStore node : nodes) {
          sweeps.add(
              pool.submit(
                  () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return node.sweepIgnoringLease();
                  }));
        }
        int total = 0;
        List<Integer> each = new ArrayList<>();
        for (Future<Integer> sweep : sweeps) {
          int count = sweep.get(60, TimeUnit.SECONDS);
          each.add(count);
          total += count;
        }
        assertThat(total).as("round %d: events per sweeper %s", round, each).isEqualTo(sessions);
        assertThat(reported.keySet())
            .as("round %d", round)
            .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(reported.values()).allSatisfy(by -> assertThat(by).hasSize(1));
        if (each.stream().filter(count -> count > 0).count() > 1) {
          contended++;
        }
      }
      // The race is real: in some rounds more than one sweeper took part of the due entries.
      assertThat(contended)
          .as("rounds (of %d) where two or more sweepers took entries", round)
          .isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oneNodeHoldsTheLease_theOthersSkip_andAClosedHolderIsTakenOver() {
    String first = create(nodes.get(0), Duration.ofSeconds(5), null);
    clock.advance(Duration.ofSeconds(5));
    assertThat(nodes.get(1).sweep()).isEqualTo(1);
    String second = create(nodes.get(0), Duration.ofSeconds(5), null);
    clock.advance(Duration.ofSeconds(5));
    assertThat(nodes.get(0).sweep()).as("node 1 holds the lease").isZero();
    assertThat(nodes.get(2).sweep()).isZero();
    assertThat(reported).containsOnlyKeys(first);

    nodes.get(1).close();
    assertThat(nodes.get(2).sweep()).as("the lease was given back on close").isEqualTo(1);
    assertThat(reported).containsOnlyKeys(first, second);
    assertThat(reported.get(second)).containsExactly(2);
  }

  @Test
  void aHolderThatDies_isTakenOver_onceItsLeaseLapses() {
    assertThat(nodes.get(0).sweep()).isZero();
    String id = create(nodes.get(1), Duration.ofSeconds(5), "carol");
    clock.advance(Duration.ofSeconds(5));
    assertThat(nodes.get(1).sweep() + nodes.get(2).sweep()).isZero();
    // Node 0 "dies" without closing: its lease lapses by its PX, here at once.
    lapseLease();
    assertThat(nodes.get(2).sweep()).isEqualTo(1);
    assertThat(reported.get(id)).containsExactly(2);
    assertThat(nodes.get(0).sweep()).as("node 2 holds the lease now").isZero();
  }

  void lapseLease() {
    onOwner("DEL", prefix + "sweeper");
  }

  /** Runs a one-key command on the node that holds the key (the others answer MOVED). */
  @Nullable Object onOwner(String command, String key) {
    for (RedisServer node : redis().nodes()) {
      try {
        return node.command(command, key);
      } catch (java.io.UncheckedIOException e) {
        if (!String.valueOf(e.getMessage()).contains("MOVED")) {
          throw e;
        }
      }
    }
    throw new AssertionError("no node holds " + key);
  }

  @Test
  void theLease_livesThreeSweepIntervals() {
    nodes.get(0).sweep();
    long pttl = (Long) Objects.requireNonNull(onOwner("PTTL", prefix + "sweeper"));
    assertThat(pttl).isBetween(INTERVAL.toMillis() * 2, INTERVAL.toMillis() * 3);
  }

  @Test
  void aThrowingListener_losesNoEvent_andStopsNothing() {
    List<String> heard = new CopyOnWriteArrayList<>();
    RedisStore node = nodes.get(0);
    node.addExpiryListener(
        last -> {
          throw new IllegalStateException("listener bug");
        });
    node.addExpiryListener(last -> heard.add(last.id()));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(create(node, Duration.ofSeconds(5), null));
    }
    clock.advance(Duration.ofSeconds(5));
    assertThat(node.sweep()).isEqualTo(5);
    assertThat(heard).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(reported.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    for (String id : ids) {
      assertThat(node.load(id)).isNull();
    }
    String later = create(node, Duration.ofSeconds(5), null);
    clock.advance(Duration.ofSeconds(5));
    assertThat(node.sweep()).as("the sweeper goes on").isEqualTo(1);
    assertThat(heard).contains(later);
  }

  @Test
  void aTouch_movesTheEntry_soTheSessionIsNotReportedAtItsOldDeadline() {
    String id = create(nodes.get(0), Duration.ofSeconds(10), "dave");
    clock.advance(Duration.ofSeconds(8));
    touch(nodes.get(1), id, Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(5));
    assertThat(sweepAll()).isZero();
    assertThat(nodes.get(2).load(id)).isNotNull();
    clock.advance(Duration.ofSeconds(5));
    assertThat(sweepAll()).isEqualTo(1);
    assertThat(reported.get(id)).hasSize(1);
  }

  @Test
  void aCommitFromANodeWithoutEvents_isRescheduled_notReportedEarly() {
    String id = create(nodes.get(0), Duration.ofSeconds(10), null);
    try (RedisStore quiet = builder().idKey(idKey).build()) {
      clock.advance(Duration.ofSeconds(8));
      touch(quiet, id, Duration.ofSeconds(10));
    }
    clock.advance(Duration.ofSeconds(5));
    assertThat(sweepAll()).isZero();
    assertThat(deadlineEntries()).as("put back at its real deadline").isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(sweepAll()).isEqualTo(1);
    assertThat(reported.get(id)).hasSize(1);
  }

  @Test
  void ended_sessions_areNeverReported_andLeaveNoEntry() {
    RedisStore node = nodes.get(0);
    String dropped = create(node, Duration.ofSeconds(5), null);
    String revoked = create(node, Duration.ofSeconds(5), "erin");
    String kept = create(node, Duration.ofSeconds(5), "erin");
    String rotated = create(node, Duration.ofSeconds(5), null);
    String next = tokens.next();
    node.drop(dropped);
    node.revokeSessionsOf("erin", kept);
    node.commit(
        SessionChange.update(rotated)
            .rotateTo(next, tokens.next())
            .ttl(Duration.ofSeconds(5))
            .build());
    assertThat(deadlineEntries()).as("kept and the rotated session").isEqualTo(2);
    clock.advance(Duration.ofSeconds(5));
    assertThat(sweepAll()).isEqualTo(2);
    assertThat(reported).containsOnlyKeys(kept, next);
    assertThat(deadlineEntries()).isZero();
  }

  @Test
  void theEvent_carriesTheLastSnapshot() {
    String id = create(nodes.get(0), Duration.ofSeconds(5), "frank");
    nodes
        .get(1)
        .commit(
            SessionChange.update(id)
                .put("cart", "3 items".getBytes(UTF_8))
                .ttl(Duration.ofSeconds(5))
                .build());
    List<Snapshot> heard = new CopyOnWriteArrayList<>();
    nodes.get(2).addExpiryListener(heard::add);
    long deadline = clock.millis() + 5000;
    clock.advance(Duration.ofSeconds(5));
    assertThat(nodes.get(2).sweep()).isEqualTo(1);
    Snapshot last = heard.get(0);
    assertThat(last.id()).isEqualTo(id);
    assertThat(last.user()).isEqualTo("frank");
    assertThat(last.version()).isEqualTo(2);
    assertThat(last.expiresAtMillis()).isEqualTo(deadline);
    assertThat(new String(last.attributes().get("cart"), UTF_8)).isEqualTo("3 items");
  }

  @Test
  void withoutAnIdKey_theEventCarriesTheKeyDigest() {
    List<Snapshot> heard = new CopyOnWriteArrayList<>();
    try (RedisStore keyless = builder().expiryEvents(INTERVAL).backgroundSweeper(false).build()) {
      keyless.addExpiryListener(heard::add);
      String id = create(keyless, Duration.ofSeconds(5), null);
      clock.advance(Duration.ofSeconds(5));
      assertThat(keyless.sweep()).isEqualTo(1);
      assertThat(heard).singleElement().extracting(Snapshot::id).isEqualTo(Keys.digest(id));
    }
  }

  @Test
  void aSessionRedisReclaimedFirst_isCountedLost_once() {
    String id = create(nodes.get(0), Duration.ofSeconds(5), null);
    onOwner("DEL", prefix + "s:{" + Keys.digest(id) + "}");
    clock.advance(Duration.ofSeconds(5));
    assertThat(sweepAll()).isZero();
    assertThat(nodes.stream().mapToLong(RedisStore::lostExpiryEvents).sum()).isEqualTo(1);
    assertThat(deadlineEntries()).isZero();
    assertThat(reported).isEmpty();
  }

  @Test
  void theKeyTtl_coversTheSweep_andEveryKeyHasOne() {
    String id = create(nodes.get(0), Duration.ofSeconds(5), "gina");
    nodes.get(0).sweep();
    for (RedisServer node : redis().nodes()) {
      for (String key : keysOn(node, prefix + "*")) {
        long pttl = (Long) Objects.requireNonNull(node.command("PTTL", key));
        assertThat(pttl).as("PTTL of %s", key).isPositive();
        if (key.contains(":s:")) {
          assertThat(pttl).isGreaterThan(Duration.ofSeconds(5 + 55).toMillis());
        }
      }
    }
    assertThat(nodes.get(0).load(id)).isNotNull();
  }

  @Test
  void aCommit_costsNoExtraRoundTrip() {
    // Every script cached on every node first: a NOSCRIPT fallback would cost one more trip.
    for (RedisServer node : redis().nodes()) {
      for (Script script : List.of(Script.COMMIT, Script.TAKE, Script.INDEX)) {
        node.commandBytes("SCRIPT".getBytes(UTF_8), "LOAD".getBytes(UTF_8), script.source);
      }
    }
    try (RedisStore quiet = builder().idKey(idKey).build()) {
      RedisStore loud = nodes.get(0);
      for (RedisStore store : List.of(quiet, loud)) {
        create(store, Duration.ofMinutes(5), null);
      }
      long[] trips = new long[2];
      for (int s = 0; s < 2; s++) {
        RedisStore store = s == 0 ? quiet : loud;
        long before = store.roundTrips();
        String id = create(store, Duration.ofMinutes(5), "ivan");
        touch(store, id, Duration.ofMinutes(5));
        store.commit(
            SessionChange.update(id)
                .rotateTo(tokens.next(), tokens.next())
                .ttl(Duration.ofMinutes(5))
                .build());
        trips[s] = store.roundTrips() - before;
      }
      assertThat(trips[1]).as("with events, as without").isEqualTo(trips[0]);
      if (!redis().isCluster()) {
        assertThat(trips[1]).as("create, touch, rotation: one round trip each").isEqualTo(3);
      }
    }
  }

  @Test
  void anEmptySweep_costsTheLeaseAndOneReadPerPipeline() {
    RedisStore node = nodes.get(0);
    node.sweep();
    long before = node.roundTrips();
    long started = System.nanoTime();
    assertThat(node.sweep()).isZero();
    long micros = (System.nanoTime() - started) / 1000;
    long trips = node.roundTrips() - before;
    System.out.println(
        (redis().isCluster() ? "cluster" : "standalone")
            + " empty_sweep_round_trips="
            + trips
            + " empty_sweep_micros="
            + micros);
    // Standalone: the lease, then the one set's script. Cluster: the lease, then the 16,384
    // per-slot sets read 512 at a time, and no script where nothing is due.
    assertThat(trips).isEqualTo(redis().isCluster() ? 1 + 16_384 / RedisExpirySweeper.PIPELINE : 2);
  }

  @Test
  void sweep_withEventsOff_isRejected_andListenersAreAccepted() {
    try (RedisStore off = builder().build()) {
      off.addExpiryListener(last -> {});
      assertThatThrownBy(off::sweep)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("expiryEvents");
    }
    assertThatThrownBy(() -> RedisStore.builder().expiryEvents(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 ms");
  }
}
