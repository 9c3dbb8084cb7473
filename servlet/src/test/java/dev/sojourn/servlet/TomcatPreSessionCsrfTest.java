package dev.sojourn.servlet;

/** {@link PreSessionCsrfSuite} on embedded Tomcat 10.1. */
class TomcatPreSessionCsrfTest extends PreSessionCsrfSuite {
  @Override
  Container container() {
    return Container.TOMCAT;
  }
}
