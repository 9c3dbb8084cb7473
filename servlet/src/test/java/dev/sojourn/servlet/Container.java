package dev.sojourn.servlet;

/** The containers of this module's classpath: Jetty 12 (ee10) and Tomcat 10.1. */
enum Container implements ServletContainer {
  JETTY {
    @Override
    public Running start(Deployment deployment) throws Exception {
      return JettyEe10.start(deployment);
    }
  },
  TOMCAT {
    @Override
    public Running start(Deployment deployment) throws Exception {
      return EmbeddedTomcat.start(deployment);
    }
  }
}
