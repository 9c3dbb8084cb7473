package dev.sojourn.store;

import java.util.function.Consumer;

/**
 * Optional capability of a {@link SessionStore}: it tells when it removes a session because its
 * deadline passed.
 *
 * <p>Contract: each expired session is reported exactly once, with the last snapshot the store
 * held, within {@code deadline + sweep interval} of its deadline; a listener that throws is logged
 * and never stops the removal, nor the delivery to other listeners. Listeners run on the store's
 * own thread (or on the thread whose load found the session expired) and should return quickly.
 */
public interface ExpiryEvents {
  /**
   * Adds a listener called once for every session this store removes on expiry.
   *
   * @param listener receives the last snapshot the store held of each expired session; called on
   *     the store's thread, possibly concurrently with requests
   * @throws NullPointerException if {@code listener} is null
   */
  void addExpiryListener(Consumer<? super Snapshot> listener);
}
