/**
 * jcstress tests that pin known, not yet fixed bugs: each fails on the current store and passes
 * once the bug is fixed. Left out of {@code run-short.sh}'s default selection.
 */
@NullMarked
package dev.sojourn.jcstress.knownbugs;

import org.jspecify.annotations.NullMarked;
