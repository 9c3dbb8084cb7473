package dev.sojourn.redis;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The options of a {@link RedisStore.Builder}: their defaults, the checks each one runs when set
 * (every message names the option), the checks across options at {@link #requireBuildable}, and the
 * values derived from them. The public contract of each option is documented on the builder, which
 * delegates here. Mutable; not thread-safe.
 */
final class RedisStoreSettings {
  private final List<String> uris = new ArrayList<>();
  private boolean cluster;
  private InstantSource clock = InstantSource.system();
  private String keyPrefix = "sojourn:";
  private Duration commandTimeout = Duration.ofSeconds(2);
  private Duration expiryGrace = Duration.ofSeconds(1);
  private List<byte[]> idKeys = List.of();
  private byte @Nullable [] digestKey;
  private LongSupplier nanoTime = System::nanoTime;
  private @Nullable DurableWrites durable;
  private @Nullable Duration sweepInterval;
  private boolean backgroundSweeper = true;

  void idKey(byte[] key) {
    Objects.requireNonNull(key, "idKey");
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "idKey must be 32 bytes (AES-256), was " + key.length + " bytes");
    }
    this.idKeys = List.of(key.clone());
  }

  void idKeys(List<byte[]> keys) {
    Objects.requireNonNull(keys, "idKeys");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("idKeys must hold at least one key");
    }
    List<byte[]> copies = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      byte[] key = Objects.requireNonNull(keys.get(i), "idKeys[" + i + "]");
      if (key.length != 32) {
        throw new IllegalArgumentException(
            "idKeys[" + i + "] must be 32 bytes (AES-256), was " + key.length + " bytes");
      }
      copies.add(key.clone());
    }
    this.idKeys = List.copyOf(copies);
  }

  void digestKey(byte[] key) {
    Objects.requireNonNull(key, "digestKey");
    if (key.length < 32) {
      throw new IllegalArgumentException(
          "digestKey must hold at least 32 bytes, was " + key.length + " bytes");
    }
    this.digestKey = key.clone();
  }

  void nanoTime(LongSupplier source) {
    this.nanoTime = Objects.requireNonNull(source, "nanoTime");
  }

  void uri(String uri) {
    requireNoUris();
    uris.add(Objects.requireNonNull(uri, "uri"));
  }

  void clusterUris(List<String> seeds) {
    requireNoUris();
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("clusterUris must name at least one node");
    }
    seeds.forEach(seed -> uris.add(Objects.requireNonNull(seed, "cluster uri")));
    cluster = true;
  }

  private void requireNoUris() {
    if (!uris.isEmpty()) {
      throw new IllegalStateException("uri or clusterUris is already set to " + uris);
    }
  }

  void clock(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  void keyPrefix(String prefix) {
    this.keyPrefix = Objects.requireNonNull(prefix, "keyPrefix");
  }

  void commandTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "commandTimeout");
    if (timeout.compareTo(Duration.ofMillis(1)) < 0
        || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "commandTimeout must be between 1 ms and 1 minute, was " + timeout);
    }
    this.commandTimeout = timeout;
  }

  void expiryGrace(Duration grace) {
    Objects.requireNonNull(grace, "expiryGrace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("expiryGrace must not be negative, was " + grace);
    }
    this.expiryGrace = grace;
  }

  void durableSecurityWrites(int replicas, Duration timeout) {
    requireDurableTimeout("durableSecurityWrites", timeout);
    if (replicas < 1) {
      throw new IllegalArgumentException(
          "durableSecurityWrites replicas must be at least 1, was " + replicas);
    }
    requireOneDurableOption("durableSecurityWrites");
    this.durable = DurableWrites.replicated(replicas, timeout);
  }

  void durableSecurityWritesOnDisk(int replicas, Duration timeout) {
    requireDurableTimeout("durableSecurityWritesOnDisk", timeout);
    if (replicas < 0) {
      throw new IllegalArgumentException(
          "durableSecurityWritesOnDisk replicas must not be negative, was " + replicas);
    }
    requireOneDurableOption("durableSecurityWritesOnDisk");
    this.durable = DurableWrites.onDisk(replicas, timeout);
  }

  private static void requireDurableTimeout(String option, Duration timeout) {
    Objects.requireNonNull(timeout, option + " timeout");
    if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(option + " timeout must be at least 1 ms, was " + timeout);
    }
  }

  private void requireOneDurableOption(String option) {
    DurableWrites set = durable;
    if (set != null && !set.option().equals(option)) {
      throw new IllegalStateException(
          option + " and " + set.option() + " are alternatives: " + set.option() + " is set");
    }
  }

  void expiryEvents(Duration sweepInterval) {
    Objects.requireNonNull(sweepInterval, "sweepInterval");
    if (sweepInterval.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(
          "expiryEvents sweepInterval must be at least 1 ms, was " + sweepInterval);
    }
    this.sweepInterval = sweepInterval;
  }

  void backgroundSweeper(boolean enabled) {
    this.backgroundSweeper = enabled;
  }

  /**
   * The checks across options that {@link RedisStore.Builder#build} documents.
   *
   * @throws IllegalStateException if no URI is set, or durable writes are set with a timeout not
   *     shorter than the command timeout
   */
  void requireBuildable() {
    if (uris.isEmpty()) {
      throw new IllegalStateException("set uri(...) or clusterUris(...) before build()");
    }
    DurableWrites wait = durable;
    if (wait != null && wait.timeout().compareTo(commandTimeout) >= 0) {
      throw new IllegalStateException(
          wait.option()
              + " timeout ("
              + wait.timeout()
              + ") must be shorter than commandTimeout ("
              + commandTimeout
              + ")");
    }
  }

  /** A copy of the URIs set, standalone (one) or the Cluster's seeds. */
  List<String> uris() {
    return List.copyOf(uris);
  }

  boolean cluster() {
    return cluster;
  }

  InstantSource clock() {
    return clock;
  }

  String keyPrefix() {
    return keyPrefix;
  }

  Duration commandTimeout() {
    return commandTimeout;
  }

  byte @Nullable [] digestKey() {
    return digestKey;
  }

  /** The ID cipher over the idKeys, or null without one. */
  @Nullable IdCipher idCipher() {
    return idKeys.isEmpty() ? null : new IdCipher(idKeys);
  }

  LongSupplier nanoTime() {
    return nanoTime;
  }

  @Nullable DurableWrites durable() {
    return durable;
  }

  @Nullable Duration sweepInterval() {
    return sweepInterval;
  }

  boolean backgroundSweeper() {
    return backgroundSweeper;
  }

  /**
   * The expiry grace in ms as the keys get it: raised for the sweeper if expiry events are on, and
   * capped at {@link RedisStore#MAX_KEY_TTL_MILLIS}.
   */
  long graceMillis() {
    Duration interval = sweepInterval;
    Duration grace =
        interval == null ? expiryGrace : RedisExpirySweeper.grace(expiryGrace, interval);
    return grace.compareTo(Duration.ofMillis(RedisStore.MAX_KEY_TTL_MILLIS)) >= 0
        ? RedisStore.MAX_KEY_TTL_MILLIS
        : grace.toMillis();
  }

  /**
   * How long a Cluster revoke's "revoked" marker lives: {@code max(1 min, 10 x commandTimeout)}.
   */
  long markerTtlMillis() {
    return Math.max(60_000, 10 * commandTimeout.toMillis());
  }
}
