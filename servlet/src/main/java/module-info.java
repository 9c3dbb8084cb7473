/**
 * Sojourn for Jakarta Servlet 6 containers: {@link dev.sojourn.servlet.SessionFilter} backs {@code
 * HttpServletRequest.getSession()} with Sojourn, {@link dev.sojourn.servlet.CsrfFilter} guards
 * unsafe methods.
 */
module dev.sojourn.servlet {
  requires static org.jspecify;
  requires transitive dev.sojourn.core;
  requires transitive jakarta.servlet;

  exports dev.sojourn.servlet;
}
