package dev.sojourn.servlet;

/** {@link CsrfSuite} on embedded Jetty 12 (ee10). */
class JettyCsrfTest extends CsrfSuite {
  @Override
  Container container() {
    return Container.JETTY;
  }
}
