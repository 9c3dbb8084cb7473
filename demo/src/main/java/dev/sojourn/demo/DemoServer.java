package dev.sojourn.demo;

import dev.sojourn.SessionManager;
import dev.sojourn.servlet.CookieSettings;
import dev.sojourn.servlet.CsrfFilter;
import dev.sojourn.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import java.time.InstantSource;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo web application on embedded Jetty 12 (ee10): {@link SessionFilter} and {@link
 * CsrfFilter} in front of {@link PagesServlet} and {@link ApiServlet}.
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

  private DemoServer(Server server, ServerConnector connector, SessionManager manager) {
    this.server = server;
    this.connector = connector;
    this.manager = manager;
  }

  /**
   * Starts the server.
   *
   * @throws IllegalArgumentException if the options name a store this build does not have
   * @throws Exception if Jetty cannot start (for example, the port is taken)
   */
  static DemoServer start(ServerOptions options, InstantSource clock) throws Exception {
    SessionManager manager =
        SessionManager.builder()
            .store(Stores.open(options.store(), clock))
            .clock(clock)
            .idleTimeout(options.idleTimeout())
            .absoluteTimeout(options.absoluteTimeout())
            .maxAttempts(1000)
            .build();
    CookieSettings cookie =
        options.insecureCookie()
            ? CookieSettings.builder().name("sojourn").secure(false).build()
            : CookieSettings.defaults();

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(options.port());
    connector.setHost(options.host());
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
    context.addFilter(
        new FilterHolder(SessionFilter.builder(manager).cookie(cookie).build()), "/*", requests);
    context.addFilter(new FilterHolder(CsrfFilter.create()), "/*", requests);
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
    return new DemoServer(server, connector, manager);
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
      manager.close();
    }
  }
}
