package dev.sojourn.benchmarks.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The one servlet every implementation serves: through the standard {@link HttpSession} API it
 * reads the Integer attribute {@value #ATTRIBUTE}, stores it plus one, and answers {@code 200} with
 * the new value as a tiny {@code text/plain} body ({@code "7\n"}).
 *
 * <p>Without sessions (the {@code none} baseline) it does the same work on the request instead: it
 * reads the request attribute {@value #ATTRIBUTE} (always absent), sets it to one and answers
 * {@code "1\n"}. What remains between the two is the session layer's cost.
 *
 * <p>The request header {@value #SLOT} (the load generator's tag for the virtual client that sent
 * the request) is echoed in the response, so that the client can tell which of its sessions a
 * response belongs to. Every implementation does the same.
 *
 * <p>It counts, for the run's report: requests, sessions it saw start ({@link
 * HttpSession#isNew()}), and the largest counter it stored. Thread-safe.
 */
final class CounterServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The session (or, for the baseline, request) attribute holding the counter. */
  static final String ATTRIBUTE = "counter";

  /** The request header the response echoes. */
  static final String SLOT = "X-Slot";

  private final boolean sessions;
  private final transient LongAdder requests = new LongAdder();
  private final transient LongAdder created = new LongAdder();
  private final transient AtomicInteger highest = new AtomicInteger();

  /**
   * @param sessions false for the baseline: the counter lives on the request, no session is used
   */
  CounterServlet(boolean sessions) {
    this.sessions = sessions;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    requests.increment();
    int counter;
    if (sessions) {
      HttpSession session = request.getSession(true);
      if (session.isNew()) {
        created.increment();
      }
      counter = next(session.getAttribute(ATTRIBUTE));
      session.setAttribute(ATTRIBUTE, counter);
    } else {
      counter = next(request.getAttribute(ATTRIBUTE));
      request.setAttribute(ATTRIBUTE, counter);
    }
    highest.accumulateAndGet(counter, Math::max);
    String slot = request.getHeader(SLOT);
    if (slot != null) {
      response.setHeader(SLOT, slot);
    }
    byte[] body = (counter + "\n").getBytes(StandardCharsets.US_ASCII);
    response.setContentType("text/plain");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static int next(@Nullable Object stored) {
    return stored instanceof Integer value ? value + 1 : 1;
  }

  /**
   * {@return what this servlet counted so far, as {@code requests=R sessions_created=S
   * max_counter=M}}
   */
  String report() {
    return "requests="
        + requests.sum()
        + " sessions_created="
        + created.sum()
        + " max_counter="
        + highest.get();
  }

  /** {@return the sessions this servlet saw start} */
  long sessionsCreated() {
    return created.sum();
  }
}
