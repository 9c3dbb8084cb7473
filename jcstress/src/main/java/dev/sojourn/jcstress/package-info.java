/**
 * jcstress tests of {@link dev.sojourn.store.memory.MemoryStore}: each races two store operations
 * on one session and lists the outcomes it accepts and forbids. Not published; run with {@code
 * jcstress/run-short.sh} (see docs/concurrency.md).
 */
@NullMarked
package dev.sojourn.jcstress;

import org.jspecify.annotations.NullMarked;
