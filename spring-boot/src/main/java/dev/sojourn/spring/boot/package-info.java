/**
 * Spring Boot auto-configuration for Sojourn: {@link
 * dev.sojourn.spring.boot.SojournAutoConfiguration} and its {@code sojourn.*} properties.
 */
@NullMarked
package dev.sojourn.spring.boot;

import org.jspecify.annotations.NullMarked;
