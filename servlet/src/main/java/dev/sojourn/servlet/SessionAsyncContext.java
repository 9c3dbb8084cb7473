package dev.sojourn.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;

/**
 * The {@link AsyncContext} an application gets from a request behind {@link SessionFilter}: {@link
 * #complete()} and {@link #dispatch()} commit the session first, while the response can still carry
 * the cookie, and {@link #getRequest()} / {@link #getResponse()} are the filter's wrappers when the
 * cycle was started with the request's own objects, so that the async thread's session and writes
 * are guarded like the container thread's. Everything else is the container's context.
 *
 * <p>Safe to call from any thread, as the container's context is; the session's monitor orders the
 * commit after every change the other threads made through the request.
 */
final class SessionAsyncContext implements AsyncContext {
  private static final System.Logger LOG = System.getLogger(SessionAsyncContext.class.getName());

  private final AsyncContext delegate;
  private final RequestSession sessions;
  private final SessionRequest request;
  private final SessionResponse response;

  SessionAsyncContext(
      AsyncContext delegate,
      RequestSession sessions,
      SessionRequest request,
      SessionResponse response) {
    this.delegate = delegate;
    this.sessions = sessions;
    this.request = request;
    this.response = response;
  }

  AsyncContext delegate() {
    return delegate;
  }

  /**
   * Commits the session when {@code request}'s async cycle ends, whichever way (complete, timeout,
   * a dispatch that does not start another cycle): storage only if the response is committed by
   * then. After an error the session is not committed, as when the chain throws. Returns false if
   * the cycle already ended (the caller commits now: the async thread is done).
   */
  static boolean commitOnCompletion(HttpServletRequest request, RequestSession sessions) {
    try {
      request.getAsyncContext().addListener(new CommitListener(sessions));
      return true;
    } catch (IllegalStateException cycleEnded) {
      return false;
    }
  }

  @Override
  public ServletRequest getRequest() {
    return delegate.hasOriginalRequestAndResponse() ? request : delegate.getRequest();
  }

  @Override
  public ServletResponse getResponse() {
    return delegate.hasOriginalRequestAndResponse() ? response : delegate.getResponse();
  }

  @Override
  public boolean hasOriginalRequestAndResponse() {
    return delegate.hasOriginalRequestAndResponse();
  }

  @Override
  public void dispatch() {
    commitBeforeResponse();
    delegate.dispatch();
  }

  @Override
  public void dispatch(String path) {
    commitBeforeResponse();
    delegate.dispatch(path);
  }

  @Override
  public void dispatch(ServletContext context, String path) {
    commitBeforeResponse();
    delegate.dispatch(context, path);
  }

  @Override
  public void complete() {
    commitBeforeResponse();
    delegate.complete();
  }

  /** Commits; a store failure becomes the 503 the filter answers on the container thread. */
  private void commitBeforeResponse() {
    try {
      sessions.commit();
    } catch (RuntimeException e) {
      try {
        if (!SessionFilter.unavailable(e, (HttpServletResponse) response.getResponse())) {
          throw e;
        }
      } catch (IOException io) {
        throw new UncheckedIOException(io);
      }
    }
  }

  @Override
  public void start(Runnable run) {
    delegate.start(run);
  }

  @Override
  public void addListener(AsyncListener listener) {
    delegate.addListener(listener);
  }

  @Override
  public void addListener(
      AsyncListener listener, ServletRequest servletRequest, ServletResponse servletResponse) {
    delegate.addListener(listener, servletRequest, servletResponse);
  }

  @Override
  public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
    return delegate.createListener(type);
  }

  @Override
  public void setTimeout(long timeout) {
    delegate.setTimeout(timeout);
  }

  @Override
  public long getTimeout() {
    return delegate.getTimeout();
  }

  /** Commits when the cycle completes; follows the request into its next cycle. */
  private static final class CommitListener implements AsyncListener {
    private final RequestSession sessions;
    private volatile boolean failed;

    CommitListener(RequestSession sessions) {
      this.sessions = sessions;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      if (failed) {
        return;
      }
      try {
        sessions.commit();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not commit the session when the async request completed", e);
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      // The container answers the timeout next; commit while the cookie can still go with it.
      onComplete(event);
    }

    @Override
    public void onError(AsyncEvent event) {
      failed = true;
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      AsyncContext next = event.getAsyncContext();
      if (next != null) {
        next.addListener(this);
      }
    }
  }
}
