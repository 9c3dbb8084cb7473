package dev.sojourn.store.memory;

import static dev.sojourn.store.memory.StoreModel.FIXED_TTL;
import static dev.sojourn.store.memory.StoreModel.IDS;
import static dev.sojourn.store.memory.StoreModel.START;
import static dev.sojourn.store.memory.StoreModel.TARGETS;
import static dev.sojourn.store.memory.StoreModel.csrfOf;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sojourn.FakeClock;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The operations the Lincheck tests run against a real {@link MemoryStore} on an {@link FakeClock},
 * each returning the same description as its twin in {@link StoreModel}: a version, the simple name
 * of the exception a commit threw, or a live session's fields.
 *
 * <p>The store's deadline buckets are 1 ms wide (a 4 ms sweep interval), so that with TTLs of a few
 * milliseconds sweeps close and drop buckets all the time, and the sweeper stays off: sweeps are
 * operations.
 */
final class StoreOperations {
  private final FakeClock clock = new FakeClock(START - 1);
  private final MemoryStore store =
      MemoryStore.builder()
          .clock(clock)
          .sweepInterval(Duration.ofMillis(4))
          .backgroundSweeper(false)
          .build();

  /**
   * The state every invocation starts from, at clock {@code START}: session A live until {@code
   * START + FIXED_TTL}, and session B expired at {@code START} but still stored and indexed.
   */
  StoreOperations() {
    store.commit(
        SessionChange.create(IDS[1], csrfOf(IDS[1]), START).ttl(Duration.ofMillis(1)).build());
    clock.advanceMillis(1);
    store.commit(
        SessionChange.create(IDS[0], csrfOf(IDS[0]), START)
            .ttl(Duration.ofMillis(FIXED_TTL))
            .build());
  }

  @Nullable String load(String id) {
    Snapshot snapshot = store.load(id);
    if (snapshot == null) {
      return null;
    }
    Map<String, String> attributes = new TreeMap<>();
    snapshot.attributes().forEach((name, bytes) -> attributes.put(name, new String(bytes, UTF_8)));
    return StoreModel.describe(
        snapshot.csrfToken(),
        snapshot.version(),
        snapshot.expiresAtMillis(),
        snapshot.user(),
        attributes);
  }

  String create(int id, int ttl) {
    return commit(
        () -> SessionChange.create(IDS[id], csrfOf(IDS[id]), START).ttl(millis(ttl)).build());
  }

  String put(int id, int value, int ttl) {
    return commit(
        () -> SessionChange.update(IDS[id]).put("k", encode(value)).ttl(millis(ttl)).build());
  }

  String compareAndPut(int id, int version, int value) {
    return commit(
        () ->
            SessionChange.update(IDS[id])
                .expectVersion(version)
                .put("k", encode(value))
                .ttl(millis(FIXED_TTL))
                .build());
  }

  String touch(int id, int ttl) {
    return commit(() -> SessionChange.update(IDS[id]).ttl(millis(ttl)).build());
  }

  String rotate(int id, int target) {
    return commit(
        () ->
            SessionChange.update(IDS[id])
                .rotateTo(TARGETS[target], csrfOf(TARGETS[target]))
                .ttl(millis(FIXED_TTL))
                .build());
  }

  boolean drop(int id) {
    return store.drop(IDS[id]);
  }

  void sweep() {
    store.sweep();
  }

  void advance(int step) {
    clock.advanceMillis(step);
  }

  /**
   * Checks that each stored session is filed once in the deadline index: an ID lost from the index
   * would never be swept (a leak), a stale one would be visited by sweeps forever.
   *
   * @throws IllegalStateException if the counts differ
   */
  void checkDeadlineIndex() {
    if (store.indexedCount() != store.size()) {
      throw new IllegalStateException(
          "deadline index holds "
              + store.indexedCount()
              + " IDs for "
              + store.size()
              + " sessions");
    }
  }

  private String commit(Supplier<SessionChange> change) {
    try {
      return "v" + store.commit(change.get());
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }

  private static byte[] encode(int value) {
    return Integer.toString(value).getBytes(UTF_8);
  }

  private static Duration millis(int ttl) {
    return Duration.ofMillis(ttl);
  }
}
