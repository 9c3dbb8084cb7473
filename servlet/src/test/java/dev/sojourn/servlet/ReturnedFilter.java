package dev.sojourn.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * The outermost filter of the test app: opens a latch when the container's thread has returned from
 * every inner filter (so {@link SessionFilter} has done whatever it does when its chain returns).
 * Async actions wait on it, so that their work really happens after the original thread left.
 */
final class ReturnedFilter implements Filter {
  static final String ATTRIBUTE = ReturnedFilter.class.getName();

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getDispatcherType() != DispatcherType.REQUEST) {
      chain.doFilter(request, response);
      return;
    }
    CountDownLatch returned = new CountDownLatch(1);
    request.setAttribute(ATTRIBUTE, returned);
    try {
      chain.doFilter(request, response);
    } finally {
      returned.countDown();
    }
  }
}
