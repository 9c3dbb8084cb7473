package dev.sojourn.servlet;

/** {@link CsrfSuite} on embedded Tomcat 11, Servlet 6.1. */
class Tomcat11CsrfTest extends CsrfSuite {
  @Override
  ServletContainer container() {
    return Servlet61Container.TOMCAT_11;
  }
}
