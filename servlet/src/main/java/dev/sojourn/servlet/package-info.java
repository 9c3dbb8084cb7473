/**
 * The servlet integration: {@link dev.sojourn.servlet.SessionFilter} (the session for each request,
 * as a typed {@link dev.sojourn.Session} and as an {@code HttpSession}), {@link
 * dev.sojourn.servlet.CookieSettings} (how the ID travels) and {@link
 * dev.sojourn.servlet.CsrfFilter} (cross-site request forgery protection for unsafe methods).
 */
@NullMarked
package dev.sojourn.servlet;

import org.jspecify.annotations.NullMarked;
