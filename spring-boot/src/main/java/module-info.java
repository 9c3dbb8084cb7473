/**
 * The Spring Boot auto-configuration of Sojourn. Spring's jars are automatic modules; Spring reads
 * the auto-configuration and the properties classes reflectively, so the package is opened to them.
 */
module dev.sojourn.spring.boot {
  requires static org.jspecify;
  requires static dev.sojourn.redis;
  requires static dev.sojourn.jdbc;
  requires static java.sql;
  requires static dev.sojourn.spring.security;
  requires static spring.boot.data.redis;
  requires static spring.security.config;
  requires static spring.security.web;
  requires static spring.security.core;
  requires static dev.sojourn.micrometer;
  requires static micrometer.core;
  requires static spring.boot.actuator;
  requires static spring.boot.actuator.autoconfigure;
  requires static spring.boot.health;
  requires transitive dev.sojourn.servlet;
  requires spring.boot;
  requires spring.boot.autoconfigure;
  requires spring.beans;
  requires spring.context;
  requires spring.core;

  exports dev.sojourn.spring.boot;

  opens dev.sojourn.spring.boot to
      spring.core,
      spring.beans,
      spring.context;
}
