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
  // OAuth2 sign-ins in SecurityContextCodec, when the application has them.
  requires static spring.security.oauth2.core;
  requires static spring.security.oauth2.client;
  requires static spring.security.oauth2.resource.server;
  requires static spring.security.oauth2.jose;

  exports dev.sojourn.spring.security;
}
