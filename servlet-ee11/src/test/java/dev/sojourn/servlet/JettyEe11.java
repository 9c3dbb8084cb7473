package dev.sojourn.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContainerInitializer;
import java.util.EnumSet;
import java.util.EventListener;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ListenerHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12.1, ee11 (Servlet 6.1). */
final class JettyEe11 {
  private JettyEe11() {}

  static ServletContainer.Running start(ServletContainer.Deployment deployment) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    for (ServletContainer.Mount mount : deployment.filters()) {
      FilterHolder holder = new FilterHolder(mount.filter());
      holder.setName(mount.name());
      holder.setAsyncSupported(true);
      for (String pattern : mount.patterns()) {
        context.addFilter(
            holder, pattern, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
      }
    }
    ServletHolder servlet = new ServletHolder(deployment.servlet());
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/*");
    // What web.xml's <listener> and @WebListener become: a holder the container instantiates.
    for (Class<? extends EventListener> type : deployment.declaredListeners()) {
      context.getServletHandler().addListener(new ListenerHolder(type));
    }
    deployment.embeddedListeners().forEach(context::addEventListener);
    if (!deployment.addedListeners().isEmpty()) {
      ServletContainerInitializer initializer =
          (classes, servletContext) ->
              deployment.addedListeners().forEach(servletContext::addListener);
      context.addServletContainerInitializer(initializer);
    }
    server.setHandler(context);
    server.start();
    return new ServletContainer.Running(connector.getLocalPort(), server::stop);
  }
}
