package dev.sojourn.servlet;

/** {@link PreSessionCsrfSuite} on embedded Jetty 12 (ee10). */
class JettyPreSessionCsrfTest extends PreSessionCsrfSuite {
  @Override
  Container container() {
    return Container.JETTY;
  }
}
