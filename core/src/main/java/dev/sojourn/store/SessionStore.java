package dev.sojourn.store;

import org.jspecify.annotations.Nullable;

/**
 * Where sessions live between requests. Three operations; their javadoc is the contract every store
 * must meet, and {@code dev.sojourn.testing.StoreContract} checks it.
 *
 * <p>Implementations must be thread-safe: any operation may run concurrently with any other, on the
 * same session or different ones, and each must be atomic with respect to the others. A store that
 * cannot answer (down, timed out) throws {@link StoreException}.
 *
 * <p>Optional capabilities are separate interfaces a store may also implement, such as {@link
 * ExpiryEvents}.
 */
public interface SessionStore extends AutoCloseable {
  /**
   * Returns the live session stored under {@code id}, or null if there is none: never issued,
   * dropped, rotated away, or at or past its deadline (a store never serves a session after its
   * deadline, whether or not it has removed it yet). Permissive: an empty ID returns null.
   *
   * @param id the session ID a client presented
   * @return the live snapshot, or null
   * @throws StoreException if the store cannot answer
   */
  @Nullable Snapshot load(String id);

  /**
   * Applies one change atomically and returns the session's version after it.
   *
   * <ul>
   *   <li>A {@link SessionChange.Kind#CREATE} stores a new session (version 1) if no live session
   *       is stored under its ID, and throws {@link IllegalStateException} otherwise.
   *   <li>An {@link SessionChange.Kind#UPDATE} applies the delta to the live session under its ID
   *       and throws {@link SessionNotFoundException} if there is none: a commit never brings back
   *       a session that was dropped, expired or rotated away.
   *   <li>With an expected version, the update applies only if the stored version equals it, and
   *       throws {@link VersionConflictException} otherwise.
   *   <li>With a rotation, the session is stored under the new ID with the new CSRF token, and the
   *       old ID is dead when the commit returns.
   *   <li>The deadline becomes the store's now plus the TTL. The version goes up by one if the
   *       change {@linkplain SessionChange#changesData() changes data}.
   * </ul>
   *
   * <p>When it throws anything but {@link StoreException}, nothing was applied. After a {@code
   * StoreException} the outcome is unknown: the change may or may not have applied (the request may
   * have reached the store before the connection failed).
   *
   * @param change the change; checked as {@link SessionChange#requireValid} does
   * @return the session's version after the change: 1 for a create
   * @throws NullPointerException {@code "change must not be null"}
   * @throws IllegalArgumentException {@code "session id must not be empty"}, {@code "ttl must be
   *     positive, was PT0S"}
   * @throws SessionLimitException if the store is full and cannot make room
   * @throws StoreException if the store cannot answer
   */
  long commit(@Nullable SessionChange change);

  /**
   * Removes the session stored under {@code id} and tells whether this call removed a live one.
   * Idempotent: dropping an absent or expired session, or an empty ID, returns false and changes
   * nothing a load could see. After it returns, no load serves the session and no commit brings it
   * back.
   *
   * @param id the session ID
   * @return true if a live session was removed by this call
   * @throws StoreException if the store cannot answer
   */
  boolean drop(String id);

  /** Releases the store's resources (threads, connections). Idempotent. */
  @Override
  default void close() {}
}
