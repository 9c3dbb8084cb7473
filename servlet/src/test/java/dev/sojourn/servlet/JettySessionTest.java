package dev.sojourn.servlet;

/** {@link SessionSuite} on embedded Jetty 12 (ee10). */
class JettySessionTest extends SessionSuite {
  @Override
  Container container() {
    return Container.JETTY;
  }
}
