package dev.sojourn.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The test app's async actions: each starts an async cycle and does its session work on a thread of
 * its own, as an application handing work to an executor does.
 *
 * <ul>
 *   <li>{@code async-complete}: once the container's thread has returned, sets the attribute on the
 *       worker, writes {@code async} and calls {@code complete()}.
 *   <li>{@code async-dispatch}: the same, then {@code dispatch()}es to {@code async-dispatched},
 *       which writes the dispatcher type and the attribute it reads.
 *   <li>{@code async-timeout}: sets the attribute on the worker and never completes; the container
 *       times the cycle out after {@link #TIMEOUT_MILLIS}.
 *   <li>{@code async-race}: the container's thread and the worker set 50 attributes each at the
 *       same time ({@code o0..o49} and {@code w0..w49}), then the worker completes.
 * </ul>
 */
final class AsyncActions {
  static final int RACE_ATTRIBUTES = 50;

  /** The async timeout of {@code async-timeout}: long enough for its worker on a loaded machine. */
  static final long TIMEOUT_MILLIS = 1_500;

  private static final ExecutorService WORKERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "test-async-worker");
            t.setDaemon(true);
            return t;
          });

  private AsyncActions() {}

  static void start(String action, HttpServletRequest request, String name, String value) {
    AsyncContext async = request.startAsync();
    async.setTimeout(10_000);
    CountDownLatch returned = (CountDownLatch) request.getAttribute(ReturnedFilter.ATTRIBUTE);
    switch (action) {
      case "async-complete" ->
          WORKERS.execute(
              () -> {
                await(returned);
                request.getSession().setAttribute(name, value);
                write(async, "async");
                async.complete();
              });
      case "async-dispatch" ->
          WORKERS.execute(
              () -> {
                await(returned);
                request.getSession().setAttribute(name, value);
                async.dispatch("/app/async-dispatched?name=" + name);
              });
      case "async-timeout" -> {
        async.setTimeout(TIMEOUT_MILLIS);
        WORKERS.execute(
            () -> {
              await(returned);
              request.getSession().setAttribute(name, value);
            });
      }
      case "async-race" -> {
        HttpSession session = request.getSession();
        CountDownLatch go = new CountDownLatch(1);
        WORKERS.execute(
            () -> {
              await(go);
              for (int i = 0; i < RACE_ATTRIBUTES; i++) {
                request.getSession().setAttribute("w" + i, i);
              }
              await(returned);
              write(async, "raced");
              async.complete();
            });
        go.countDown();
        for (int i = 0; i < RACE_ATTRIBUTES; i++) {
          session.setAttribute("o" + i, i);
        }
      }
      default -> throw new IllegalArgumentException("no async action " + action);
    }
  }

  private static void write(AsyncContext async, String body) {
    try {
      async.getResponse().getWriter().print(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out waiting for the container's thread");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
