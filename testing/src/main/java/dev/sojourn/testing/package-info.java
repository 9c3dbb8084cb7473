/**
 * Test support: {@link dev.sojourn.testing.StoreContract}, the suite every store must pass, and
 * {@link dev.sojourn.testing.MutableClock}, a clock that tests move by hand.
 */
@NullMarked
package dev.sojourn.testing;

import org.jspecify.annotations.NullMarked;
