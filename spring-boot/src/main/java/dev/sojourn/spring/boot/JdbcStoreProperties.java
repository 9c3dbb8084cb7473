package dev.sojourn.spring.boot;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The {@code sojourn.store.jdbc.*} properties: the PostgreSQL store ({@code sojourn-jdbc}) on the
 * application's {@code DataSource}. The keys are {@link StoreKeyProperties}': {@code id-key} seals
 * session IDs in their rows, {@code digest-key} keys the digest in every row key. Not thread-safe:
 * Spring binds it once at startup.
 */
public class JdbcStoreProperties extends StoreKeyProperties {
  /**
   * Whether to create the table and its indexes at startup when they are missing (the shipped
   * schema-postgresql-v1.sql). Default false: run that file with your migrations.
   */
  private boolean createSchema;

  /** Longest a statement runs before the request fails with 503. Default 2 seconds. */
  private @Nullable Duration timeout;

  /**
   * How often one of the nodes deletes expired rows (each node sweeps; rows are never deleted or
   * reported twice). Default 30 seconds.
   */
  private @Nullable Duration sweepInterval;

  /** Creates the properties, all unset. */
  public JdbcStoreProperties() {}

  /** {@return {@code sojourn.store.jdbc.create-schema}; default false} */
  public boolean isCreateSchema() {
    return createSchema;
  }

  /**
   * Sets {@code sojourn.store.jdbc.create-schema}.
   *
   * @param createSchema whether startup creates the missing table and indexes
   */
  public void setCreateSchema(boolean createSchema) {
    this.createSchema = createSchema;
  }

  /** {@return {@code sojourn.store.jdbc.timeout}, or null when unset (2 seconds)} */
  public @Nullable Duration getTimeout() {
    return timeout;
  }

  /**
   * Sets {@code sojourn.store.jdbc.timeout}. Not checked here: outside 1 ms to 1 minute fails
   * startup with an {@code InvalidConfigurationPropertyValueException}.
   *
   * @param timeout the longest a statement may run; null for the default
   */
  public void setTimeout(@Nullable Duration timeout) {
    this.timeout = timeout;
  }

  /** {@return {@code sojourn.store.jdbc.sweep-interval}, or null when unset (30 seconds)} */
  public @Nullable Duration getSweepInterval() {
    return sweepInterval;
  }

  /**
   * Sets {@code sojourn.store.jdbc.sweep-interval}. Not checked here: outside 10 ms to 1 day fails
   * startup with an {@code InvalidConfigurationPropertyValueException}.
   *
   * @param sweepInterval the time between two sweeps; null for the default
   */
  public void setSweepInterval(@Nullable Duration sweepInterval) {
    this.sweepInterval = sweepInterval;
  }
}
