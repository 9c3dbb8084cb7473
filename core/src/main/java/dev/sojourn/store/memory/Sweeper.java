package dev.sojourn.store.memory;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The daemon thread that runs a store's sweep every {@code period} milliseconds. A sweep that
 * throws is logged and the next one still runs.
 */
final class Sweeper {
  private static final System.Logger LOG = System.getLogger(MemoryStore.class.getName());

  private final ScheduledExecutorService executor;

  Sweeper(Runnable sweep, long periodMillis) {
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sojourn-memory-sweeper");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleAtFixedRate(
        () -> {
          try {
            sweep.run();
          } catch (RuntimeException e) {
            // An exception would cancel the periodic task: log it and keep sweeping.
            LOG.log(Level.ERROR, "memory store sweep failed; retrying next interval", e);
          }
        },
        periodMillis,
        periodMillis,
        TimeUnit.MILLISECONDS);
  }

  /** Stops the thread and waits up to 5 s for a running sweep to finish. Idempotent. */
  void stop() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "memory store sweeper did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean isStopped() {
    return executor.isTerminated();
  }
}
