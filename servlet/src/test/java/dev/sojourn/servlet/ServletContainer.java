package dev.sojourn.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.EventListener;
import java.util.List;

/**
 * A real servlet container the suites run on, embedded, on a free loopback port. One implementation
 * per container line (Jetty 12 ee10 and Tomcat 10.1 here, Jetty 12.1 ee11 and Tomcat 11 in the
 * {@code servlet-ee11} module), so that the same suites run on every one.
 *
 * <p>Every filter and the servlet support async, and filters see {@code REQUEST} and {@code ASYNC}
 * dispatches, as an application that uses async must map them.
 */
interface ServletContainer {
  /** Deploys {@code deployment} and starts the container. */
  Running start(Deployment deployment) throws Exception;

  /**
   * What to deploy: the filters in order (the first is the outermost), the servlet on {@code /*},
   * listeners the container instantiates from their class (as it does for {@code <listener>} in
   * web.xml and for {@code @WebListener}; each needs a public no-argument constructor), listener
   * instances added with {@code ServletContext.addListener} by a {@code
   * ServletContainerInitializer} at startup (the programmatic way), and instances handed to the
   * container's own embedding API (Jetty's {@code addEventListener}, Tomcat's {@code
   * addApplicationEventListener}).
   */
  record Deployment(
      List<Mount> filters,
      HttpServlet servlet,
      List<Class<? extends EventListener>> declaredListeners,
      List<EventListener> addedListeners,
      List<EventListener> embeddedListeners) {
    Deployment(List<Mount> filters, HttpServlet servlet) {
      this(filters, servlet, List.of(), List.of(), List.of());
    }
  }

  /** A filter and the URL patterns it is mapped to. */
  record Mount(String name, Filter filter, String... patterns) {}

  /** A started container. */
  record Running(int port, Stopper stopper) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      stopper.stop();
    }
  }

  /** Stops a container. */
  interface Stopper {
    void stop() throws Exception;
  }
}
