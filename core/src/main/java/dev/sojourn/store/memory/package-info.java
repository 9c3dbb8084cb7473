/**
 * The in-memory store: {@link dev.sojourn.store.memory.MemoryStore}, with its deadline-ordered
 * sweeper.
 */
@NullMarked
package dev.sojourn.store.memory;

import org.jspecify.annotations.NullMarked;
