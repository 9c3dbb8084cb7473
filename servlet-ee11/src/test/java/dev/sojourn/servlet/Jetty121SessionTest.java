package dev.sojourn.servlet;

/** {@link SessionSuite} on embedded Jetty 12.1 (ee11), Servlet 6.1. */
class Jetty121SessionTest extends SessionSuite {
  @Override
  ServletContainer container() {
    return Servlet61Container.JETTY_12_1;
  }
}
