package dev.sojourn.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.StoreException;
import dev.sojourn.store.VersionConflictException;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.postgres.PostgresServerExtension;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deadlock stress test: 16 threads on 200 sessions, a fixed count of mixed operations
 * (creates, updates of disjoint and of the same attribute, compare-and-set, rotations, drops,
 * short-lived sessions and cleanup), then: zero deadlocks (SQLSTATE 40P01), zero unique violations
 * (23505), zero other store failures, zero lost disjoint updates, and no dropped or rotated-away ID
 * that a commit brought back.
 */
class DeadlockStressTest {
  @RegisterExtension static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

  private static final int THREADS = 16;
  private static final int SESSIONS = 200;
  private static final int HOT = 8;
  private static final int OPERATIONS_PER_THREAD = 250;
  private static final Duration TTL = Duration.ofMinutes(30);

  private final TokenGenerator tokens = TokenGenerator.secure();
  private final MutableClock clock = MutableClock.start();
  private final AtomicReferenceArray<String> slots = new AtomicReferenceArray<>(SESSIONS);
  private final Map<String, String> lineageOf = new ConcurrentHashMap<>();
  private final Set<String> ended = ConcurrentHashMap.newKeySet();
  private final AtomicLong deadlocks = new AtomicLong();
  private final AtomicLong uniqueViolations = new AtomicLong();
  private final AtomicLong otherFailures = new AtomicLong();
  private final AtomicLong resurrections = new AtomicLong();
  private final AtomicLong operations = new AtomicLong();
  private final AtomicLong notFound = new AtomicLong();
  private final AtomicLong conflicts = new AtomicLong();
  private final AtomicLong swept = new AtomicLong();

  @Test
  void mixedLoad_hasNoDeadlock_noUniqueViolation_noLostUpdate_noResurrection() throws Exception {
    try (HikariDataSource pool = Postgres.pool(POSTGRES.server(), THREADS + 2);
        PostgresStore store = Postgres.store(pool, clock).build()) {
      for (int slot = 0; slot < SESSIONS; slot++) {
        slots.set(slot, createLineage(store));
      }
      List<Map<String, List<String>>> lastPuts = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        lastPuts.add(new HashMap<>());
      }
      long started = System.nanoTime();
      ExecutorService pool16 = Executors.newFixedThreadPool(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(
            pool16.submit(
                () -> {
                  go.await();
                  for (int op = 0; op < OPERATIONS_PER_THREAD; op++) {
                    step(store, thread, op, lastPuts.get(thread));
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> future : done) {
        future.get(5, TimeUnit.MINUTES);
      }
      pool16.shutdown();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      long lost = countLostUpdates(store, lastPuts);
      long backFromTheDead = ended.stream().filter(id -> store.load(id) != null).count();
      System.out.printf(
          "stress: %d threads, %d sessions, %d operations in %d ms: deadlocks=%d"
              + " uniqueViolations=%d otherFailures=%d lostUpdates=%d resurrections=%d"
              + " (late commits %d, loads of ended ids %d) notFound=%d versionConflicts=%d"
              + " swept=%d%n",
          THREADS,
          SESSIONS,
          operations.get(),
          millis,
          deadlocks.get(),
          uniqueViolations.get(),
          otherFailures.get(),
          lost,
          resurrections.get() + backFromTheDead,
          resurrections.get(),
          backFromTheDead,
          notFound.get(),
          conflicts.get(),
          swept.get());
      assertThat(operations.get()).isEqualTo((long) THREADS * OPERATIONS_PER_THREAD);
      assertThat(deadlocks.get()).as("deadlocks (40P01)").isZero();
      assertThat(uniqueViolations.get()).as("unique violations (23505)").isZero();
      assertThat(otherFailures.get()).as("other store failures").isZero();
      assertThat(lost).as("lost disjoint updates").isZero();
      assertThat(resurrections.get()).as("commits that landed on an ended id").isZero();
      assertThat(backFromTheDead).as("ended ids that load again").isZero();
      assertThat(notFound.get() + conflicts.get()).as("the races did happen").isPositive();
    }
  }

  private String createLineage(PostgresStore store) {
    String id = tokens.next();
    String lineage = tokens.next();
    lineageOf.put(id, lineage);
    store.commit(
        SessionChange.create(id, tokens.next(), clock.millis())
            .put("lineage", lineage.getBytes(UTF_8))
            .ttl(TTL)
            .build());
    return id;
  }

  private void step(PostgresStore store, int thread, int op, Map<String, List<String>> landedPuts) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // Half the operations go to a few hot sessions, so that requests of one session really race.
    int slot = random.nextBoolean() ? random.nextInt(HOT) : random.nextInt(SESSIONS);
    String id = slots.get(slot);
    while (id.isEmpty()) {
      // Another thread dropped this slot's session and is creating its successor.
      Thread.onSpinWait();
      id = slots.get(slot);
    }
    boolean endedBefore = ended.contains(id);
    try {
      int kind = random.nextInt(100);
      if (kind < 40) {
        // Every disjoint put has its own name and nothing removes it: each one that landed must
        // still be there at the end, so an update lost at any moment shows.
        String name = "t" + thread + "-" + op;
        store.commit(SessionChange.update(id).put(name, bytes(op)).ttl(TTL).build());
        landedPuts.computeIfAbsent(lineageOf.get(id), lineage -> new ArrayList<>()).add(name);
        landed(endedBefore);
      } else if (kind < 60) {
        store.commit(SessionChange.update(id).put("shared", bytes(op)).ttl(TTL).build());
        landed(endedBefore);
      } else if (kind < 68) {
        Snapshot snapshot = store.load(id);
        if (snapshot != null) {
          store.commit(
              SessionChange.update(id)
                  .expectVersion(snapshot.version())
                  .put("shared", bytes(op))
                  .remove("gone")
                  .ttl(TTL)
                  .build());
          landed(endedBefore);
        }
      } else if (kind < 78) {
        String next = tokens.next();
        lineageOf.put(next, lineageOf.get(id));
        store.commit(SessionChange.update(id).rotateTo(next, tokens.next()).ttl(TTL).build());
        ended.add(id);
        slots.compareAndSet(slot, id, next);
        landed(endedBefore);
      } else if (kind < 84) {
        if (store.drop(id)) {
          ended.add(id);
          if (slots.compareAndSet(slot, id, "")) {
            slots.set(slot, createLineage(store));
          }
        }
      } else if (kind < 94) {
        store.commit(
            SessionChange.create(tokens.next(), tokens.next(), clock.millis())
                .put("short", bytes(op))
                .ttl(Duration.ofMillis(1 + random.nextInt(20)))
                .build());
        clock.advanceMillis(1);
      } else {
        swept.addAndGet(store.sweep());
      }
    } catch (SessionNotFoundException expected) {
      notFound.incrementAndGet();
    } catch (VersionConflictException expected) {
      conflicts.incrementAndGet();
    } catch (IllegalStateException collision) {
      uniqueViolations.incrementAndGet();
    } catch (StoreException e) {
      String state = e.getCause() instanceof SQLException sql ? sql.getSQLState() : null;
      if ("40P01".equals(state)) {
        deadlocks.incrementAndGet();
      } else if ("23505".equals(state)) {
        uniqueViolations.incrementAndGet();
      } else {
        otherFailures.incrementAndGet();
        e.printStackTrace();
      }
    } finally {
      operations.incrementAndGet();
    }
  }

  private void landed(boolean endedBefore) {
    if (endedBefore) {
      resurrections.incrementAndGet();
    }
  }

  private long countLostUpdates(PostgresStore store, List<Map<String, List<String>>> landed) {
    long lost = 0;
    for (int slot = 0; slot < SESSIONS; slot++) {
      Snapshot snapshot =
          java.util.Objects.requireNonNull(
              store.load(slots.get(slot)), "slot " + slot + " holds no live session");
      String lineage = new String(snapshot.attributes().get("lineage"), UTF_8);
      for (Map<String, List<String>> puts : landed) {
        for (String name : puts.getOrDefault(lineage, List.of())) {
          if (!snapshot.attributes().containsKey(name)) {
            lost++;
          }
        }
      }
    }
    return lost;
  }

  private static byte[] bytes(long value) {
    return Long.toString(value).getBytes(UTF_8);
  }
}
