/**
 * The store SPI: {@link dev.sojourn.store.SessionStore} (load, commit, drop), the stored form
 * {@link dev.sojourn.store.Snapshot}, the delta {@link dev.sojourn.store.SessionChange}, the
 * optional capabilities a store may add ({@link dev.sojourn.store.ExpiryEvents}, {@link
 * dev.sojourn.store.UserIndex}), and the exceptions of the contract.
 */
@NullMarked
package dev.sojourn.store;

import org.jspecify.annotations.NullMarked;
