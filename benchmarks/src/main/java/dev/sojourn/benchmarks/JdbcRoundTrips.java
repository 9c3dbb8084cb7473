package dev.sojourn.benchmarks;

import java.util.Locale;

/**
 * Counts the PostgreSQL round trips of one request of each kind, for each implementation, on the
 * JDBC connections each is handed ({@link CountingDataSource}: statement executions plus commits
 * and rollbacks, summed over {@value #REQUESTS} requests and divided by their number). Both run on
 * one server this JVM starts, each on its own pool of {@value #POOL} connections. Prints one line
 * per implementation and request kind to standard output, {@code impl=NAME request=read|write
 * roundtrips=N}, and to standard error the split (statements, commits) and, as a server-side
 * cross-check, the transactions the server counted in {@code pg_stat_database} per request, and the
 * mean wall time of a request on one thread (a rough figure, not a benchmark).
 *
 * <ul>
 *   <li>{@code read}: a request that changes nothing, inside the touch window.
 *   <li>{@code write}: a request that sets an attribute.
 * </ul>
 */
public final class JdbcRoundTrips {
  static final int SESSIONS = 1000;
  static final int REQUESTS = 2000;
  static final int POOL = 4;

  private JdbcRoundTrips() {}

  /** Runs the count; takes no arguments. */
  public static void main(String[] args) {
    try (JdbcTarget target = JdbcTarget.start(POOL)) {
      for (String impl : JdbcSubject.NAMES) {
        CountingDataSource counting = new CountingDataSource(target.pool());
        try (JdbcSubject subject = JdbcSubject.open(impl, counting)) {
          String[] ids = JdbcBenchmark.preload(subject, SESSIONS);
          run(subject, ids, true, 100, "warm-");
          run(subject, ids, false, 100, "warm-");
          count(target, counting, subject, impl, ids, false);
          count(target, counting, subject, impl, ids, true);
        }
      }
    }
  }

  private static void count(
      JdbcTarget target,
      CountingDataSource counting,
      JdbcSubject subject,
      String impl,
      String[] ids,
      boolean write) {
    long serverBefore = target.serverTransactions();
    long statementsBefore = counting.statements();
    long endsBefore = counting.transactionEnds();
    long started = System.nanoTime();
    run(subject, ids, write, REQUESTS, "value-");
    long micros = (System.nanoTime() - started) / 1000;
    long statements = counting.statements() - statementsBefore;
    long ends = counting.transactionEnds() - endsBefore;
    // The first reading's own transaction is counted in the second; leave it out.
    long server = target.serverTransactions() - serverBefore - 1;
    String kind = write ? "write" : "read";
    System.out.println(
        "impl="
            + impl
            + " request="
            + kind
            + " roundtrips="
            + format((double) (statements + ends) / REQUESTS));
    System.err.println(
        "  impl="
            + impl
            + " request="
            + kind
            + " statements="
            + format((double) statements / REQUESTS)
            + " commits+rollbacks="
            + format((double) ends / REQUESTS)
            + " server-transactions="
            + format((double) server / REQUESTS)
            + " us-per-request="
            + micros / REQUESTS);
  }

  private static void run(
      JdbcSubject subject, String[] ids, boolean write, int requests, String valuePrefix) {
    for (int i = 0; i < requests; i++) {
      // A value no session holds yet, so that a write really changes something.
      subject.request(ids[i % ids.length], write, valuePrefix + i);
    }
  }

  private static String format(double perRequest) {
    return perRequest == Math.rint(perRequest)
        ? Long.toString((long) perRequest)
        : String.format(Locale.ROOT, "%.2f", perRequest);
  }
}
