package dev.sojourn.servlet;

/** {@link CsrfSuite} on embedded Jetty 12.1 (ee11), Servlet 6.1. */
class Jetty121CsrfTest extends CsrfSuite {
  @Override
  ServletContainer container() {
    return Servlet61Container.JETTY_12_1;
  }
}
