package dev.sojourn.micrometer;

import dev.sojourn.SessionMetrics;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.StoreStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Sojourn's sessions and store as Micrometer meters: the {@link SessionMetrics} observer a {@link
 * dev.sojourn.SessionManager} reports to, and the {@link MeterBinder} that publishes what it saw.
 * Works without Spring:
 *
 * <pre>{@code
 * SojournMetrics metrics = new SojournMetrics(store);
 * SessionManager manager = SessionManager.builder().store(store).metrics(metrics).build();
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <p>Meters (every one tagged {@code store}, the store's kind: {@code memory}, {@code redis}, or
 * its class name without {@code Store}, lower case; plus the extra tags given here):
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><th>name</th><th>type</th><th>extra tags</th><th>counts</th></tr>
 *   <tr><td>{@code sojourn.sessions.created}</td><td>counter</td><td></td><td>sessions stored
 *       for the first time</td></tr>
 *   <tr><td>{@code sojourn.sessions.rotated}</td><td>counter</td><td></td><td>ID rotations
 *       (sign-in, change of user, on demand)</td></tr>
 *   <tr><td>{@code sojourn.sessions.destroyed}</td><td>counter</td><td></td><td>sessions ended on
 *       purpose (logout, invalidate, revoke, a per-user cap)</td></tr>
 *   <tr><td>{@code sojourn.sessions.expired}</td><td>counter</td><td></td><td>sessions the store
 *       removed past their deadline (stores with {@code ExpiryEvents} only: memory)</td></tr>
 *   <tr><td>{@code sojourn.sessions.expiry.lateness}</td><td>timer</td><td></td><td>how long after
 *       its deadline each expired session was removed</td></tr>
 *   <tr><td>{@code sojourn.sessions.evicted}</td><td>counter</td><td></td><td>anonymous sessions
 *       evicted to make room (stores with {@code StoreStatistics}, and the memory store)</td></tr>
 *   <tr><td>{@code sojourn.sessions.active}</td><td>gauge</td><td></td><td>sessions stored now
 *       (same stores)</td></tr>
 *   <tr><td>{@code sojourn.sessions.conflicts}</td><td>counter</td><td></td><td>compare-and-set
 *       commits that lost to a concurrent change</td></tr>
 *   <tr><td>{@code sojourn.sessions.undecodable}</td><td>counter</td><td></td><td>stored sessions
 *       that could not be decoded (treated as absent)</td></tr>
 *   <tr><td>{@code sojourn.store.operations}</td><td>timer</td><td>{@code operation} ({@code
 *       load}, {@code commit}, {@code drop}), {@code outcome} ({@code success}, {@code
 *       error})</td><td>latency of each store call the manager makes</td></tr>
 *   <tr><td>{@code sojourn.store.errors}</td><td>counter</td><td>{@code operation}</td><td>store
 *       calls that failed with {@code StoreException} (down, timed out)</td></tr>
 * </table>
 *
 * <p>Counters count from the moment this object is built, whether or not it is bound yet, and may
 * be bound to several registries. Timers exist per registry: a call made before the first {@link
 * #bindTo} is counted but not timed. One instance serves one manager (it is the manager's
 * observer); its counts are that manager's.
 *
 * <p>Thread-safe: the observer methods are called from any request thread and the store's sweeper.
 */
public final class SojournMetrics implements SessionMetrics, MeterBinder {
  private static final StoreOperation[] OPERATIONS = StoreOperation.values();

  private final Tags tags;
  private final @Nullable StoreStatistics statistics;
  private final LongAdder created = new LongAdder();
  private final LongAdder rotated = new LongAdder();
  private final LongAdder destroyed = new LongAdder();
  private final LongAdder expired = new LongAdder();
  private final LongAdder conflicts = new LongAdder();
  private final LongAdder undecodable = new LongAdder();
  private final LongAdder[] errors = new LongAdder[OPERATIONS.length];
  private volatile Bound[] bound = new Bound[0];

  /**
   * Meters for a manager over {@code store}.
   *
   * @param store the store the manager uses: it names the {@code store} tag, and its counts feed
   *     the active and evicted meters if it has any
   * @throws NullPointerException if {@code store} is null
   */
  public SojournMetrics(SessionStore store) {
    this(store, Tags.empty());
  }

  /**
   * Meters for a manager over {@code store}, with {@code tags} added to every meter (for example
   * the application's name when several managers share a registry).
   *
   * @param store the store the manager uses: it names the {@code store} tag, and its counts feed
   *     the active and evicted meters if it has any
   * @param tags tags added to every meter; a {@code store} tag among them is replaced by the
   *     store's
   * @throws NullPointerException if {@code store} or {@code tags} is null
   */
  public SojournMetrics(SessionStore store, Iterable<Tag> tags) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(tags, "tags");
    this.tags = Tags.of(tags).and("store", storeName(store));
    this.statistics = statistics(store);
    for (int i = 0; i < errors.length; i++) {
      errors[i] = new LongAdder();
    }
  }

  /**
   * The {@code store} tag for {@code store}: its class's simple name without a trailing {@code
   * Store}, in lower case ({@code MemoryStore}: {@code memory}, {@code RedisStore}: {@code redis}).
   *
   * @param store the store to name
   * @return the tag value; {@code store} for a class without a simple name (anonymous)
   * @throws NullPointerException if {@code store} is null
   */
  public static String storeName(SessionStore store) {
    String name = store.getClass().getSimpleName();
    if (name.endsWith("Store") && name.length() > "Store".length()) {
      name = name.substring(0, name.length() - "Store".length());
    }
    return name.isEmpty() ? "store" : name.toLowerCase(Locale.ROOT);
  }

  /**
   * The store's counts, if it can give them ({@link StoreStatistics}: the memory store); null if it
   * cannot count.
   */
  private static @Nullable StoreStatistics statistics(SessionStore store) {
    if (store instanceof StoreStatistics statistics) {
      return statistics;
    }
    return null;
  }

  /**
   * Registers the meters in {@code registry}. Binding to a registry this object is already bound to
   * changes nothing (calls are not timed twice).
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    for (Bound b : bound) {
      if (b.registry == registry) {
        return;
      }
    }
    counter(registry, "sojourn.sessions.created", created, "Sessions stored for the first time");
    counter(registry, "sojourn.sessions.rotated", rotated, "Session ID rotations");
    counter(registry, "sojourn.sessions.destroyed", destroyed, "Sessions ended on purpose");
    counter(registry, "sojourn.sessions.expired", expired, "Sessions removed past their deadline");
    counter(
        registry,
        "sojourn.sessions.conflicts",
        conflicts,
        "Compare-and-set commits that lost to a concurrent change");
    counter(
        registry,
        "sojourn.sessions.undecodable",
        undecodable,
        "Stored sessions that could not be decoded and were treated as absent");
    for (StoreOperation operation : OPERATIONS) {
      FunctionCounter.builder("sojourn.store.errors", errors[operation.ordinal()], LongAdder::sum)
          .description("Store calls that failed: the store was down or timed out")
          .tags(tags)
          .tag("operation", name(operation))
          .register(registry);
    }
    StoreStatistics stats = statistics;
    if (stats != null) {
      Gauge.builder("sojourn.sessions.active", stats, StoreStatistics::size)
          .description("Sessions the store holds now")
          .tags(tags)
          .strongReference(true)
          .register(registry);
      FunctionCounter.builder("sojourn.sessions.evicted", stats, StoreStatistics::evictionCount)
          .description("Anonymous sessions evicted to make room")
          .tags(tags)
          .register(registry);
    }
    Bound added = new Bound(registry, tags);
    synchronized (this) {
      for (Bound b : bound) {
        if (b.registry == registry) {
          return;
        }
      }
      Bound[] next = Arrays.copyOf(bound, bound.length + 1);
      next[next.length - 1] = added;
      bound = next;
    }
  }

  private void counter(MeterRegistry registry, String name, LongAdder count, String description) {
    FunctionCounter.builder(name, count, LongAdder::sum)
        .description(description)
        .tags(tags)
        .register(registry);
  }

  static String name(StoreOperation operation) {
    return operation.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void created() {
    created.increment();
  }

  @Override
  public void rotated() {
    rotated.increment();
  }

  @Override
  public void destroyed() {
    destroyed.increment();
  }

  @Override
  public void expired(long latenessMillis) {
    expired.increment();
    for (Bound b : bound) {
      b.lateness.record(latenessMillis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void conflict() {
    conflicts.increment();
  }

  @Override
  public void undecodable() {
    undecodable.increment();
  }

  @Override
  public void storeCall(StoreOperation operation, long nanos, boolean failed) {
    if (failed) {
      errors[operation.ordinal()].increment();
    }
    for (Bound b : bound) {
      b.timer(operation, failed).record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The timers registered in one registry. */
  private static final class Bound {
    final MeterRegistry registry;
    final Timer lateness;
    final Timer[] success = new Timer[OPERATIONS.length];
    final Timer[] error = new Timer[OPERATIONS.length];

    Bound(MeterRegistry registry, Tags tags) {
      this.registry = registry;
      lateness =
          Timer.builder("sojourn.sessions.expiry.lateness")
              .description("How long after its deadline an expired session was removed")
              .tags(tags)
              .register(registry);
      for (StoreOperation operation : OPERATIONS) {
        success[operation.ordinal()] = timer(registry, tags, operation, "success");
        error[operation.ordinal()] = timer(registry, tags, operation, "error");
      }
    }

    private static Timer timer(
        MeterRegistry registry, Tags tags, StoreOperation operation, String outcome) {
      return Timer.builder("sojourn.store.operations")
          .description("Latency of the session manager's store calls")
          .tags(tags)
          .tag("operation", name(operation))
          .tag("outcome", outcome)
          .register(registry);
    }

    Timer timer(StoreOperation operation, boolean failed) {
      return (failed ? error : success)[operation.ordinal()];
    }
  }
}
