package dev.sojourn.demo;

import dev.sojourn.SessionManager;
import dev.sojourn.servlet.CookieSettings;
import dev.sojourn.servlet.CsrfFilter;
import dev.sojourn.servlet.SessionFilter;
import dev.sojourn.store.SessionStore;
import jakarta.servlet.DispatcherType;
import java.time.InstantSource;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo web application on embedded Jetty 12 (ee10): {@link Hardening}, {@link SessionFilter}
 * and {@link CsrfFilter} in front of {@link PagesServlet} and {@link ApiServlet}; {@link
 * ErrorPages} for every error; no {@code Server} header. It listens on 127.0.0.1 unless {@code
 * --host} says otherwise.
 *
 * <p>The CSRF filter's key is random per process: a restart invalidates the sign-in forms that
 * anonymous visitors loaded before it (they reload the page).
 *
 * <p>Cookies: the library's secure defaults ({@code __Host-sojourn}, {@code Secure}) work on {@code
 * http://localhost} and {@code http://127.0.0.1}, which browsers treat as secure contexts (checked
 * with headless Chromium 156). On plain http to any other host the browser drops such a cookie;
 * {@code --insecure-cookie} then sends {@code sojourn} without {@code Secure}.
 */
final class DemoServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final SessionManager manager;
  private final AutoCloseable resources;

  private DemoServer(
      Server server, ServerConnector connector, SessionManager manager, AutoCloseable resources) {
    this.server = server;
    this.connector = connector;
    this.manager = manager;
    this.resources = resources;
  }

  /**
   * Starts the server.
   *
   * @throws IllegalArgumentException if the options name a store this build does not have
   * @throws Exception if Jetty cannot start (for example, the port is taken)
   */
  static DemoServer start(ServerOptions options, InstantSource clock) throws Exception {
    Stores.Opened opened = Stores.open(options.store(), clock);
    try {
      return start(options, clock, opened.store(), opened.resources());
    } catch (Exception | Error e) {
      opened.resources().close();
      throw e;
    }
  }

  /**
   * Starts the server on {@code store} instead of the one the options name (for tests).
   *
   * @throws Exception if Jetty cannot start (for example, the port is taken)
   */
  static DemoServer start(ServerOptions options, InstantSource clock, SessionStore store)
      throws Exception {
    return start(options, clock, store, () -> {});
  }

  private static DemoServer start(
      ServerOptions options, InstantSource clock, SessionStore store, AutoCloseable resources)
      throws Exception {
    SessionManager manager =
        SessionManager.builder()
            .store(store)
            .clock(clock)
            .idleTimeout(options.idleTimeout())
            .absoluteTimeout(options.absoluteTimeout())
            .maxAttempts(1000)
            .build();
    CookieSettings cookie =
        options.insecureCookie()
            ? CookieSettings.builder().name("sojourn").secure(false).build()
            : CookieSettings.defaults();
    CookieSettings csrfCookie =
        options.insecureCookie()
            ? cookie.toBuilder().name("sojourn-csrf").build()
            : cookie.toBuilder().name(CsrfFilter.COOKIE).build();

    Server server = new Server();
    server.setErrorHandler(new ErrorPages.Server());
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setPort(options.port());
    connector.setHost(options.host());
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
    context.setErrorHandler(new ErrorPages.Servlet());
    context.addFilter(new FilterHolder(new Hardening()), "/*", requests);
    context.addFilter(
        new FilterHolder(SessionFilter.builder(manager).cookie(cookie).build()), "/*", requests);
    context.addFilter(
        new FilterHolder(CsrfFilter.builder().cookie(csrfCookie).build()), "/*", requests);
    context.addServlet(new ServletHolder(new PagesServlet(manager)), "/");
    context.addServlet(new ServletHolder(new ApiServlet(manager)), "/api/*");
    server.setHandler(context);
    server.setStopAtShutdown(true);
    try {
      server.start();
    } catch (Exception e) {
      manager.close();
      throw e;
    }
    return new DemoServer(server, connector, manager, resources);
  }

  /** The port the server listens on. */
  int port() {
    return connector.getLocalPort();
  }

  /** The address to open in a browser. */
  String url() {
    return "http://localhost:" + port() + "/";
  }

  /** The session manager, for tests. */
  SessionManager manager() {
    return manager;
  }

  /** Waits until the server stops. */
  void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      try {
        manager.close();
      } finally {
        resources.close();
      }
    }
  }
}
