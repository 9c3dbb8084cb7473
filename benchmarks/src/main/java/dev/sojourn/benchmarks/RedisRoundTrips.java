package dev.sojourn.benchmarks;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the Redis round trips of one request of each kind, for each implementation, from the
 * server's {@code INFO commandstats}: the calls of every command the client sends, summed over
 * {@value #REQUESTS} requests and divided by their number. A Lua script is one round trip (its
 * EVALSHA); the commands it runs inside Redis are left out. Prints one line per implementation and
 * request kind to standard output, {@code impl=NAME request=read|write roundtrips=N}, and the
 * per-command breakdown to standard error.
 *
 * <ul>
 *   <li>{@code read}: a request that changes nothing, inside the touch window.
 *   <li>{@code write}: a request that sets an attribute.
 * </ul>
 *
 * <p>Uses the Redis named by {@code -Dsojourn.redis=redis://host:port}, else starts its own.
 */
public final class RedisRoundTrips {
  static final int SESSIONS = 1000;
  static final int REQUESTS = 2000;

  private RedisRoundTrips() {}

  /** Runs the count; takes no arguments. */
  public static void main(String[] args) {
    try (RedisTarget target = RedisTarget.open()) {
      for (String impl : RedisSubject.NAMES) {
        try (RedisSubject subject = RedisSubject.open(impl, target.uri(), "roundtrips:")) {
          String[] ids = RedisBenchmark.preload(subject, SESSIONS);
          // Warm up: connections, script loading (a first EVALSHA may answer NOSCRIPT).
          run(subject, ids, true, 100, "warm-");
          run(subject, ids, false, 100, "warm-");
          count(target, subject, impl, ids, false);
          count(target, subject, impl, ids, true);
        }
      }
    }
  }

  private static void count(
      RedisTarget target, RedisSubject subject, String impl, String[] ids, boolean write) {
    long storeBefore = storeRoundTrips(subject);
    Map<String, Long> before = target.commandCalls();
    run(subject, ids, write, REQUESTS, "value-");
    Map<String, Long> after = target.commandCalls();
    long storeAfter = storeRoundTrips(subject);
    long calls = RedisTarget.delta(before, after, subject.clientCommands());
    String kind = write ? "write" : "read";
    System.out.println(
        "impl=" + impl + " request=" + kind + " roundtrips=" + format((double) calls / REQUESTS));
    Map<String, String> breakdown = new TreeMap<>();
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (d > 0 && !e.getKey().equals("info")) {
        breakdown.put(e.getKey(), format((double) d / REQUESTS));
      }
    }
    String check =
        storeBefore < 0
            ? ""
            : " client-counted=" + format((double) (storeAfter - storeBefore) / REQUESTS);
    System.err.println(
        "  impl=" + impl + " request=" + kind + " commandstats per request " + breakdown + check);
  }

  private static long storeRoundTrips(RedisSubject subject) {
    return subject instanceof RedisSubject.SojournSubject
        ? ((RedisSubject.SojournSubject) subject).storeRoundTrips()
        : -1;
  }

  private static void run(
      RedisSubject subject, String[] ids, boolean write, int requests, String valuePrefix) {
    for (int i = 0; i < requests; i++) {
      // A value no session holds yet, so that a write really changes something.
      subject.request(ids[i % ids.length], write, valuePrefix + i);
    }
  }

  private static String format(double perRequest) {
    return perRequest == Math.rint(perRequest)
        ? Long.toString((long) perRequest)
        : String.format(java.util.Locale.ROOT, "%.2f", perRequest);
  }
}
