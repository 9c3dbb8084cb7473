package dev.sojourn.servlet;

/** {@link CsrfSuite} on embedded Tomcat 10.1. */
class TomcatCsrfTest extends CsrfSuite {
  @Override
  Container container() {
    return Container.TOMCAT;
  }
}
