package dev.sojourn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Many threads signing one user in at once, each sign-in a fresh session: the race the per-user cap
 * must survive. The threads start each round together (a barrier), and the clock moves one
 * millisecond before each sign-in, so some sign-ins share a millisecond and some do not.
 */
final class SignInRace implements AutoCloseable {
  /** One round: the sessions whose sign-in commit returned, and how many were refused. */
  record Result(List<String> admitted, int refused) {}

  private final SessionManager manager;
  private final LongConsumer advanceMillis;
  private final int threads;
  private final ExecutorService pool;

  SignInRace(SessionManager manager, LongConsumer advanceMillis, int threads) {
    this.manager = manager;
    this.advanceMillis = advanceMillis;
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads);
  }

  /** Every thread signs {@code user} in {@code each} times; returns when all are done. */
  Result round(String user, int each) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger refused = new AtomicInteger();
    List<Future<List<String>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(
          pool.submit(
              () -> {
                List<String> admitted = new ArrayList<>();
                start.await();
                for (int i = 0; i < each; i++) {
                  advanceMillis.accept(1);
                  Session session = manager.open(null);
                  session.login(user);
                  try {
                    manager.commit(session);
                    admitted.add(session.id());
                  } catch (TooManySessionsException e) {
                    refused.incrementAndGet();
                  }
                }
                return admitted;
              }));
    }
    List<String> admitted = new ArrayList<>();
    for (Future<List<String>> future : futures) {
      admitted.addAll(future.get(2, TimeUnit.MINUTES));
    }
    return new Result(admitted, refused.get());
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
