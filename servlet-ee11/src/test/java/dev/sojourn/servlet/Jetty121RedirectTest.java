package dev.sojourn.servlet;

/** {@link RedirectSuite} on embedded Jetty 12.1 (ee11). */
class Jetty121RedirectTest extends RedirectSuite {
  @Override
  ServletContainer container() {
    return Servlet61Container.JETTY_12_1;
  }
}
