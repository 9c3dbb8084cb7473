package dev.sojourn.benchmarks.http;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Serves {@link CounterServlet} at {@code /} on embedded Jetty 12 (ee10) behind one {@link
 * SessionLayer}, on an ephemeral loopback port, until the JVM is told to stop.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.sojourn.benchmarks.http.HttpServe
 * impl=NAME} prints {@code port=P} once it accepts connections; on {@code SIGTERM} (or {@code
 * SIGINT}) it prints {@code requests=R sessions_created=S max_counter=M} and stops the server and
 * the layer. Jetty runs with its defaults (a {@code QueuedThreadPool} of 8 to 200 threads,
 * HTTP/1.1, one connector) whatever the layer. {@code benchmarks/http/run.sh} drives it with {@code
 * wrk}.
 */
public final class HttpServe implements AutoCloseable {
  private final Server server;
  private final SessionLayer layer;
  private final CounterServlet servlet;
  private final int port;

  private HttpServe(Server server, SessionLayer layer, CounterServlet servlet, int port) {
    this.server = server;
    this.layer = layer;
    this.servlet = servlet;
    this.port = port;
  }

  /**
   * Starts the server with the named layer.
   *
   * @param impl one of {@link SessionLayer#NAMES}
   * @return the running server; close it to stop it and release the layer
   * @throws IllegalArgumentException for an unknown {@code impl}
   * @throws Exception if Jetty does not start
   */
  static HttpServe start(String impl) throws Exception {
    SessionLayer layer = SessionLayer.open(impl);
    try {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      layer.install(context);
      CounterServlet servlet = new CounterServlet(layer.sessions());
      ServletHolder holder = new ServletHolder(servlet);
      holder.setAsyncSupported(true);
      context.addServlet(holder, "/*");
      server.setHandler(context);
      server.start();
      return new HttpServe(server, layer, servlet, connector.getLocalPort());
    } catch (Exception | Error e) {
      layer.close();
      throw e;
    }
  }

  /** The loopback port it listens on. */
  int port() {
    return port;
  }

  /** The servlet, for its counts. */
  CounterServlet servlet() {
    return servlet;
  }

  /** Stops Jetty, then releases the layer (its connections and {@code redis-server}). */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    } finally {
      layer.close();
    }
  }

  /**
   * Runs one server until the JVM is stopped.
   *
   * @param args {@code impl=NAME}, NAME one of {@link SessionLayer#NAMES}
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !args[0].startsWith("impl=")) {
      System.err.println(
          "usage: HttpServe impl=NAME, NAME one of " + String.join(", ", SessionLayer.NAMES));
      System.exit(2);
    }
    HttpServe serve = start(args[0].substring("impl=".length()));
    PrintStream out = System.out;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println(serve.servlet().report());
                  out.flush();
                  serve.close();
                  stopped.countDown();
                },
                "http-serve-stop"));
    out.println("port=" + serve.port());
    out.flush();
    stopped.await();
  }
}
