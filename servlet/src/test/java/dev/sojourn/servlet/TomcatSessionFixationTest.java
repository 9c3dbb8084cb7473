package dev.sojourn.servlet;

/** {@link SessionFixationSuite} on embedded Tomcat 10.1. */
class TomcatSessionFixationTest extends SessionFixationSuite {
  @Override
  Container container() {
    return Container.TOMCAT;
  }
}
