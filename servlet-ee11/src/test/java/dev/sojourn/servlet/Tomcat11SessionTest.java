package dev.sojourn.servlet;

/** {@link SessionSuite} on embedded Tomcat 11, Servlet 6.1. */
class Tomcat11SessionTest extends SessionSuite {
  @Override
  ServletContainer container() {
    return Servlet61Container.TOMCAT_11;
  }
}
