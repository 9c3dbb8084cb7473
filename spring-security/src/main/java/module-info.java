/**
 * Spring Security on Sojourn sessions, without Java serialization: {@link
 * dev.sojourn.spring.security.SecurityContextCodec}, {@link
 * dev.sojourn.spring.security.SessionCsrfTokenRepository} and {@link
 * dev.sojourn.spring.security.SessionUserFilter}. Spring's jars are automatic modules.
 */
module dev.sojourn.spring.security {
  requires static org.jspecify;
  requires transitive dev.sojourn.servlet;
  requires transitive spring.security.core;
  requires transitive spring.security.web;

  exports dev.sojourn.spring.security;
}
