package dev.sojourn.servlet;

/** The Servlet 6.1 containers: Jetty 12.1 (ee11) and Tomcat 11. */
enum Servlet61Container implements ServletContainer {
  JETTY_12_1 {
    @Override
    public Running start(Deployment deployment) throws Exception {
      return JettyEe11.start(deployment);
    }
  },
  TOMCAT_11 {
    @Override
    public Running start(Deployment deployment) throws Exception {
      return EmbeddedTomcat.start(deployment);
    }
  }
}
