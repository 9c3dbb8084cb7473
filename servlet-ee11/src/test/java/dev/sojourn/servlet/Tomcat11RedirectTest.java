package dev.sojourn.servlet;

/** {@link RedirectSuite} on embedded Tomcat 11. */
class Tomcat11RedirectTest extends RedirectSuite {
  @Override
  ServletContainer container() {
    return Servlet61Container.TOMCAT_11;
  }
}
