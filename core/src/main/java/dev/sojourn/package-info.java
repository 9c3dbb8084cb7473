/**
 * The session model and the session manager: {@link dev.sojourn.Session}, {@link
 * dev.sojourn.SessionKey}, {@link dev.sojourn.SessionManager}, {@link dev.sojourn.TokenGenerator}
 * and the listener and exception types they use.
 */
@NullMarked
package dev.sojourn;

import org.jspecify.annotations.NullMarked;
