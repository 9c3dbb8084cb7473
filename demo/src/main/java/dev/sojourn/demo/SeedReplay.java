package dev.sojourn.demo;

import dev.sojourn.SessionListener;
import dev.sojourn.SessionManager;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.memory.MemoryStore;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Replays the Go seed's {@code main} on the real clock: create a session, set {@code website}, read
 * it back; then waits for the sweeper and prints, as its last line, how long after the last update
 * the session was removed. With an idle timeout of 5 s and a sweep interval of 1 s, that is between
 * 5 and 7 s.
 */
final class SeedReplay {
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);
  static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

  private final PrintStream out;
  private final InstantSource clock;

  SeedReplay(PrintStream out, InstantSource clock) {
    this.out = out;
    this.clock = clock;
  }

  /** Runs the replay; returns the seconds from the last update to the removal. */
  double run() throws InterruptedException {
    CompletableFuture<Instant> removedAt = new CompletableFuture<>();
    MemoryStore store = MemoryStore.builder().clock(clock).sweepInterval(SWEEP_INTERVAL).build();
    try (SessionManager manager =
        SessionManager.builder()
            .store(store)
            .clock(clock)
            .idleTimeout(IDLE_TIMEOUT)
            .listener(
                new SessionListener() {
                  @Override
                  public void expired(Snapshot last) {
                    removedAt.complete(clock.instant());
                  }
                })
            .build()) {
      String id = manager.createSession();
      log("Created new session with ID " + id.substring(0, 6) + "... (32 base58 characters)");
      manager.updateSessionData(id, Map.of("website", "longhoang.de"));
      Instant lastUpdate = clock.instant();
      log("Update session data, set website to longhoang.de");
      log("Get session data: " + manager.getSessionData(id));
      log(
          "Waiting for the sweeper (idle timeout "
              + IDLE_TIMEOUT.toSeconds()
              + " s, sweep interval "
              + SWEEP_INTERVAL.toSeconds()
              + " s)...");
      Instant removed;
      try {
        removed = removedAt.get(15, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("the session was not removed within 15 s", e);
      }
      double seconds = Duration.between(lastUpdate, removed).toMillis() / 1000.0;
      log("Session gone from the store: " + (store.size() == 0));
      out.printf("removed after %.2f s%n", seconds);
      return seconds;
    }
  }

  private void log(String message) {
    out.println(clock.instant() + " " + message);
  }
}
