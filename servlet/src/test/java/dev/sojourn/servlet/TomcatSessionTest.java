package dev.sojourn.servlet;

/** {@link SessionSuite} on embedded Tomcat 10.1. */
class TomcatSessionTest extends SessionSuite {
  @Override
  Container container() {
    return Container.TOMCAT;
  }
}
