package dev.sojourn.servlet;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EventListener;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat. The same code runs on Tomcat 10.1 (Servlet 6.0) here and on Tomcat 11 (Servlet
 * 6.1) in the {@code servlet-ee11} module: the embedding API did not change between them.
 */
final class EmbeddedTomcat {
  private EmbeddedTomcat() {}

  static ServletContainer.Running start(ServletContainer.Deployment deployment) throws Exception {
    Path base = Files.createTempDirectory("sojourn-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    for (ServletContainer.Mount mount : deployment.filters()) {
      FilterDef def = new FilterDef();
      def.setFilterName(mount.name());
      def.setFilter(mount.filter());
      def.setAsyncSupported("true");
      context.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName(mount.name());
      map.setDispatcher("REQUEST");
      map.setDispatcher("ASYNC");
      for (String pattern : mount.patterns()) {
        map.addURLPattern(pattern);
      }
      context.addFilterMap(map);
    }
    Wrapper servlet = Tomcat.addServlet(context, "app", deployment.servlet());
    servlet.setAsyncSupported(true);
    context.addServletMappingDecoded("/*", "app");
    // What web.xml's <listener> and @WebListener become: a class name Tomcat instantiates.
    for (Class<? extends EventListener> type : deployment.declaredListeners()) {
      context.addApplicationListener(type.getName());
    }
    // Tomcat's own ServletContext.addListener files a listener under both lists, by its types.
    for (EventListener listener : deployment.embeddedListeners()) {
      if (listener instanceof HttpSessionListener) {
        ((StandardContext) context).addApplicationLifecycleListener(listener);
      }
      if (listener instanceof HttpSessionAttributeListener
          || listener instanceof HttpSessionIdListener) {
        ((StandardContext) context).addApplicationEventListener(listener);
      }
    }
    if (!deployment.addedListeners().isEmpty()) {
      ServletContainerInitializer initializer =
          (classes, servletContext) ->
              deployment.addedListeners().forEach(servletContext::addListener);
      context.addServletContainerInitializer(initializer, null);
    }
    tomcat.start();
    int port = connector.getLocalPort();
    return new ServletContainer.Running(
        port,
        () -> {
          tomcat.stop();
          tomcat.destroy();
        });
  }
}
