package dev.sojourn.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The real servlet containers the suites run on, embedded, on a free loopback port. */
enum Container {
  JETTY {
    @Override
    Running start(List<Mount> filters, HttpServlet servlet) throws Exception {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      for (Mount mount : filters) {
        FilterHolder holder = new FilterHolder(mount.filter());
        holder.setName(mount.name());
        for (String pattern : mount.patterns()) {
          context.addFilter(holder, pattern, EnumSet.of(DispatcherType.REQUEST));
        }
      }
      context.addServlet(new ServletHolder(servlet), "/*");
      server.setHandler(context);
      server.start();
      int port = connector.getLocalPort();
      return new Running(port, server::stop);
    }
  },
  TOMCAT {
    @Override
    Running start(List<Mount> filters, HttpServlet servlet) throws Exception {
      Path base = Files.createTempDirectory("sojourn-tomcat");
      Tomcat tomcat = new Tomcat();
      tomcat.setBaseDir(base.toString());
      Connector connector = new Connector();
      connector.setPort(0);
      connector.setProperty("address", "127.0.0.1");
      tomcat.getService().addConnector(connector);
      tomcat.setConnector(connector);
      Context context = tomcat.addContext("", base.toString());
      for (Mount mount : filters) {
        FilterDef def = new FilterDef();
        def.setFilterName(mount.name());
        def.setFilter(mount.filter());
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(mount.name());
        for (String pattern : mount.patterns()) {
          map.addURLPattern(pattern);
        }
        context.addFilterMap(map);
      }
      Tomcat.addServlet(context, "app", servlet);
      context.addServletMappingDecoded("/*", "app");
      tomcat.start();
      int port = connector.getLocalPort();
      return new Running(
          port,
          () -> {
            tomcat.stop();
            tomcat.destroy();
          });
    }
  };

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

  abstract Running start(List<Mount> filters, HttpServlet servlet) throws Exception;
}
