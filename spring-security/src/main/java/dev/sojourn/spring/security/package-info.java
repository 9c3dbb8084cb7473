/**
 * Spring Security on Sojourn sessions: the {@code SecurityContext} stored through a registered
 * codec (never Java serialization), the CSRF token shared with the session, and the session's user
 * kept in step with the signed-in principal.
 */
@NullMarked
package dev.sojourn.spring.security;

import org.jspecify.annotations.NullMarked;
