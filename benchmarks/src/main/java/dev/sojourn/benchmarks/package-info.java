/**
 * Benchmarks of Sojourn's in-memory store side by side with its peers: a store on Caffeine ({@link
 * dev.sojourn.benchmarks.CaffeineStore}) and Spring Session's {@code MapSessionRepository}. Holds
 * the JMH benchmark {@link dev.sojourn.benchmarks.StoreBenchmark} and two harnesses run with plain
 * {@code java}: {@link dev.sojourn.benchmarks.ExpiryLateness} and {@link
 * dev.sojourn.benchmarks.MemoryFootprint}. Not published; see {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.sojourn.benchmarks;

import org.jspecify.annotations.NullMarked;
