package dev.sojourn.jdbc;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link PostgresStore}: {@link #dataSource} is required, every other option has a
 * default. Each option fails fast with a message that names it. Not thread-safe.
 */
public final class PostgresStoreBuilder {
  @Nullable DataSource dataSource;
  InstantSource clock = InstantSource.system();
  byte @Nullable [] digestKey;
  byte @Nullable [] idKey;
  Duration timeout = Duration.ofSeconds(2);
  boolean createSchema;
  boolean backgroundSweeper = true;
  Duration sweepInterval = Duration.ofSeconds(30);
  int sweepBatchSize = 500;

  PostgresStoreBuilder() {}

  /**
   * The pool to borrow connections from, one per statement; it should be in auto-commit mode.
   *
   * @param dataSource the pool the store borrows from
   * @return this builder
   */
  public PostgresStoreBuilder dataSource(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    return this;
  }

  /**
   * The clock deadlines are measured on. Default: the system clock.
   *
   * @param clock the clock deadlines are measured on
   * @return this builder
   */
  public PostgresStoreBuilder clock(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * A secret key (at least 32 bytes) that keys the digest in every row key: a session is stored
   * under {@code HMAC-SHA-256(digestKey, id)} instead of its plain SHA-256, so someone who can
   * write to the table cannot plant a session under an ID of their choosing. Recommended. Every
   * node sharing the table must use the same one for as long as any session lives: changing it
   * signs every user out (the old rows expire and are swept). Default: none (plain SHA-256).
   *
   * @param key the HMAC key, at least 32 bytes (copied)
   * @return this builder
   * @throws IllegalArgumentException if the key has fewer than 32 bytes
   */
  public PostgresStoreBuilder digestKey(byte[] key) {
    Objects.requireNonNull(key, "digestKey");
    if (key.length < 32) {
      throw new IllegalArgumentException(
          "digestKey must hold at least 32 bytes, was " + key.length + " bytes");
    }
    this.digestKey = key.clone();
    return this;
  }

  /**
   * A 32-byte AES key under which each row keeps its session ID sealed (AES-256-GCM), so that
   * {@link PostgresStore#sessionsOf} and expiry events can name IDs while a dump of the table
   * without the key hands out none. Default: none, and {@code sessionsOf} is unsupported.
   *
   * @param key the AES-256 key, 32 bytes (copied)
   * @return this builder
   * @throws IllegalArgumentException unless the key has 32 bytes
   */
  public PostgresStoreBuilder idKey(byte[] key) {
    Objects.requireNonNull(key, "idKey");
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "idKey must be 32 bytes (AES-256), was " + key.length + " bytes");
    }
    this.idKey = key.clone();
    return this;
  }

  /**
   * The longest a statement runs before it is cancelled and the call throws {@code StoreException}
   * (sent to the driver in whole seconds, rounded up). Default 2 s.
   *
   * @param timeout the longest a statement may run
   * @return this builder
   * @throws IllegalArgumentException unless between 1 ms and 1 minute
   */
  public PostgresStoreBuilder timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.compareTo(Duration.ofMillis(1)) < 0
        || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "timeout must be between 1 ms and 1 minute, was " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /**
   * Whether {@link #build} creates the table and its indexes if they do not exist, running the
   * shipped {@code schema-postgresql-v1.sql}. Default false: run that file with your migrations.
   *
   * @param create whether to create the schema at build time
   * @return this builder
   */
  public PostgresStoreBuilder createSchema(boolean create) {
    this.createSchema = create;
    return this;
  }

  /**
   * How often the background thread sweeps expired sessions: each is removed and reported within
   * {@code deadline + sweepInterval} (plus the sweep's own time). Default 30 s.
   *
   * @param interval the time between two background sweeps
   * @return this builder
   * @throws IllegalArgumentException unless between 10 ms and 1 day
   */
  public PostgresStoreBuilder sweepInterval(Duration interval) {
    Objects.requireNonNull(interval, "sweepInterval");
    if (interval.compareTo(Duration.ofMillis(10)) < 0
        || interval.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "sweepInterval must be between 10 ms and 1 day, was " + interval);
    }
    this.sweepInterval = interval;
    return this;
  }

  /**
   * Whether a daemon thread calls {@link PostgresStore#sweep()} every {@link #sweepInterval}.
   * Default true; turn it off to sweep from your own scheduler (or in tests).
   *
   * @param enabled whether to run the background sweeper
   * @return this builder
   */
  public PostgresStoreBuilder backgroundSweeper(boolean enabled) {
    this.backgroundSweeper = enabled;
    return this;
  }

  /**
   * The most rows one sweep statement deletes (a sweep runs statements until one comes back short).
   * Default 500.
   *
   * @param rows the most rows one sweep statement deletes
   * @return this builder
   * @throws IllegalArgumentException unless between 1 and 100,000
   */
  public PostgresStoreBuilder sweepBatchSize(int rows) {
    if (rows < 1 || rows > 100_000) {
      throw new IllegalArgumentException(
          "sweepBatchSize must be between 1 and 100000, was " + rows);
    }
    this.sweepBatchSize = rows;
    return this;
  }

  /**
   * Returns the store, after creating the schema if {@link #createSchema} asked for it.
   *
   * @return the store, its background sweeper started if enabled
   * @throws IllegalStateException if no dataSource was set
   * @throws dev.sojourn.store.StoreException if the schema cannot be created
   */
  public PostgresStore build() {
    if (dataSource == null) {
      throw new IllegalStateException("set dataSource(...) before build()");
    }
    return PostgresStore.build(this);
  }
}
