/**
 * A Spring Boot application with Spring Security's form login, whose sessions are Sojourn's because
 * {@code sojourn-spring-boot-starter} is on the class path: nothing else in this package mentions
 * the library except the pages that use the typed session ({@link
 * dev.sojourn.sample.SessionPages}).
 */
@NullMarked
package dev.sojourn.sample;

import org.jspecify.annotations.NullMarked;
