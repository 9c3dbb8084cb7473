/**
 * Benchmarks of Sojourn's in-memory store side by side with its peers: a store on Caffeine ({@link
 * dev.sojourn.benchmarks.CaffeineStore}) and Spring Session's {@code MapSessionRepository}, with a
 * bare map ({@code MapStore}) as the ceiling. Holds the JMH benchmark {@link
 * dev.sojourn.benchmarks.StoreBenchmark} and three harnesses run with plain {@code java}: {@link
 * dev.sojourn.benchmarks.ExpiryLateness}, {@link dev.sojourn.benchmarks.MemoryFootprint} and {@link
 * dev.sojourn.benchmarks.AllocationProbe}. Not published; see {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.sojourn.benchmarks;

import org.jspecify.annotations.NullMarked;
