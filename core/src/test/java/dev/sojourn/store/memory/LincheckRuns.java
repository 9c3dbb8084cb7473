package dev.sojourn.store.memory;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.util.LoggingLevel;

/**
 * The Lincheck parameters of the short mode (the default test run: seconds) and of the long mode
 * ({@code -Dsojourn.lincheck.long=true}: hours), in one place. See docs/concurrency.md.
 */
final class LincheckRuns {
  /**
   * Whether the long mode was asked for. It logs each iteration ("= Iteration k / 200 =" and its
   * scenario) so that a run of hours shows how far it got.
   */
  static final boolean LONG = Boolean.getBoolean("sojourn.lincheck.long");

  private LincheckRuns() {}

  /**
   * Model checking, with the JDK's concurrent maps treated as atomic: their own correctness is not
   * ours to check, and exploring their internals (lazy table initialisation, randomised skip-list
   * levels) makes the checker slow and non-deterministic. A {@code compute} call then runs
   * atomically with its lambda, which the map's per-key lock guarantees anyway; the store's own
   * switch points remain: clock reads, the deadline buckets' {@code closed} flag, and every gap
   * between two map calls. The index's finer races are left to the stress run and jcstress.
   *
   * <p>The deadline buckets' stripes ({@code IdSet.Stripe}) are atomic too: every one of their
   * methods is {@code synchronized} on the stripe, so one runs whole with respect to the others,
   * and that is all an atomic guarantee says. Without it the checker could switch inside a sweep's
   * {@code copy()} (holding the stripe's monitor) and run a {@code remove()} of the same stripe
   * from inside an atomic map call, which takes no notice of monitors: an interleaving no JVM
   * allows, which the long mode reported on 2026-12-02 as a sweep's NullPointerException (a copy
   * sized for one member that found none). docs/concurrency.md has the trace.
   */
  static ModelCheckingOptions modelChecking() {
    ModelCheckingOptions options =
        new ModelCheckingOptions()
            .addGuarantee(
                forClasses(
                        name ->
                            name.startsWith("java.util.concurrent.ConcurrentHashMap")
                                || name.startsWith("java.util.concurrent.ConcurrentSkipListMap")
                                || name.equals("dev.sojourn.store.memory.IdSet$Stripe"))
                    .allMethods()
                    .treatAsAtomic());
    return LONG
        ? options
            .logLevel(LoggingLevel.INFO)
            .iterations(200)
            .invocationsPerIteration(5_000)
            .threads(3)
            .actorsPerThread(3)
            .actorsBefore(2)
            .actorsAfter(2)
        : options
            .iterations(5)
            .invocationsPerIteration(200)
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(1)
            .actorsAfter(1);
  }

  static StressOptions stress() {
    return LONG
        ? new StressOptions()
            .logLevel(LoggingLevel.INFO)
            .iterations(200)
            .invocationsPerIteration(20_000)
            .threads(3)
            .actorsPerThread(3)
            .actorsBefore(2)
            .actorsAfter(2)
        : new StressOptions()
            .iterations(6)
            .invocationsPerIteration(300)
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(1)
            .actorsAfter(1);
  }
}
