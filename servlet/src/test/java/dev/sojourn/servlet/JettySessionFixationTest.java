package dev.sojourn.servlet;

/** {@link SessionFixationSuite} on embedded Jetty 12 (ee10). */
class JettySessionFixationTest extends SessionFixationSuite {
  @Override
  Container container() {
    return Container.JETTY;
  }
}
