package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.Session;
import dev.sojourn.SessionKey;
import dev.sojourn.SessionManager;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import dev.sojourn.testing.redis.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jspecify.annotations.Nullable;

/**
 * Issue 8, item 2, on a real standalone redis-server: every TTL and timeout works, from 1 ms to
 * {@code Duration.ofSeconds(Long.MAX_VALUE)}. Deadlines saturate at {@code Long.MAX_VALUE} instead
 * of wrapping; the key's own expiry stays between 1 ms and {@link RedisStore#MAX_KEY_TTL_MILLIS}
 * plus the grace. Store clocks range up to 2^50 ms (year 37,648): the scripts compare deadlines as
 * Lua numbers (doubles), exact below 2^53 ms.
 */
class ExtremeDurationsTest {
  static final long MAX_NOW = 1L << 50;
  static final SessionKey<Integer> COUNT = SessionKey.of("count", Integer.class);

  static @Nullable RedisServer server;
  static @Nullable RedisStore store;
  static final SettableClock clock = new SettableClock();
  static final TokenGenerator tokens = TokenGenerator.secure();

  @BeforeContainer
  static void start() {
    RedisServer started = RedisServer.start(List.of());
    server = started;
    store =
        RedisStore.builder()
            .uri(started.uri())
            .clock(clock)
            .keyPrefix("extreme:")
            .expiryGrace(Duration.ofSeconds(Long.MAX_VALUE))
            .build();
  }

  @AfterContainer
  static void stop() {
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Property(tries = 60)
  void commit_setsTheDeadlineToNowPlusTtl_saturated_andAlwaysABoundedKeyTtl(
      @ForAll("nows") long now, @ForAll("ttls") Duration ttl, @ForAll("ttls") Duration touch) {
    RedisStore redis = Objects.requireNonNull(store);
    clock.set(now);
    String id = tokens.next();
    redis.commit(
        SessionChange.create(id, tokens.next(), now)
            .put("a", "1".getBytes(UTF_8))
            .ttl(ttl)
            .build());

    Snapshot created = Objects.requireNonNull(redis.load(id), "live right after its create");
    assertThat(created.expiresAtMillis()).isEqualTo(expectedDeadline(now, ttl));
    assertKeyTtlIsBounded(id);

    redis.commit(SessionChange.update(id).lastAccessedAt(now).ttl(touch).build());
    Snapshot touched = Objects.requireNonNull(redis.load(id), "live right after its touch");
    assertThat(touched.expiresAtMillis()).isEqualTo(expectedDeadline(now, touch));
    assertKeyTtlIsBounded(id);
    long deadline = touched.expiresAtMillis();
    if (deadline - 1 <= MAX_NOW) {
      clock.set(deadline - 1);
      assertThat(redis.load(id)).as("served just before the deadline").isNotNull();
      clock.set(deadline);
      assertThat(redis.load(id)).as("never served at the deadline").isNull();
    }
    redis.drop(id);
  }

  @Property(tries = 30)
  void manager_withAnyTimeouts_storesServesAndModifiesSessions(
      @ForAll("nows") long now,
      @ForAll("timeouts") Duration idle,
      @ForAll("timeouts") Duration absolute) {
    clock.set(now);
    SessionManager manager =
        SessionManager.builder()
            .store(Objects.requireNonNull(store))
            .clock(clock)
            .idleTimeout(idle)
            .absoluteTimeout(absolute)
            .build();
    Session session = manager.open(null);
    session.put(COUNT, 1);
    manager.commit(session);

    assertThat(manager.open(session.id()).get(COUNT)).isEqualTo(1);
    Integer read = manager.modify(session.id(), s -> s.get(COUNT));
    assertThat(read).isEqualTo(1);
    manager.destroy(session.id());
    // Not closed: the manager would close the shared store.
  }

  static long expectedDeadline(long now, Duration ttl) {
    long millis;
    try {
      millis = ttl.toMillis();
      if (!ttl.minusMillis(millis).isZero()) {
        millis = Math.addExact(millis, 1);
      }
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
    try {
      return Math.addExact(now, millis);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  void assertKeyTtlIsBounded(String id) {
    Object pttl =
        Objects.requireNonNull(server)
            .command("PTTL", new String(new Keys("extreme:", null).session(id), UTF_8));
    assertThat((Long) pttl)
        .isBetween(1L, RedisStore.MAX_KEY_TTL_MILLIS + Duration.ofDays(1).toMillis());
  }

  @Provide
  Arbitrary<Long> nows() {
    return Arbitraries.oneOf(
        Arbitraries.of(0L, 1L, 1_767_225_600_000L, MAX_NOW - 1),
        Arbitraries.longs().between(0, MAX_NOW - 1));
  }

  @Provide
  Arbitrary<Duration> ttls() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            Duration.ofMillis(1),
            Duration.ofNanos(1),
            Duration.ofMillis(Long.MAX_VALUE),
            Duration.ofMillis(Long.MAX_VALUE).plusNanos(1),
            Duration.ofMillis(Long.MAX_VALUE - 1),
            Duration.ofSeconds(Long.MAX_VALUE),
            Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
            Duration.ofDays(3650)),
        Arbitraries.longs().between(1, Long.MAX_VALUE).map(Duration::ofMillis),
        Arbitraries.longs().between(1, Long.MAX_VALUE).map(Duration::ofSeconds));
  }

  @Provide
  Arbitrary<Duration> timeouts() {
    return ttls().filter(d -> d.compareTo(Duration.ofMillis(1)) >= 0);
  }

  /** A clock the properties set to any instant. */
  static final class SettableClock implements InstantSource {
    private final AtomicLong millis = new AtomicLong();

    void set(long epochMillis) {
      millis.set(epochMillis);
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }
}
