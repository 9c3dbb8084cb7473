package dev.sojourn.jdbc;

import dev.sojourn.store.ExpiryEvents;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.StoreException;
import dev.sojourn.store.UserIndex;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionStore} on PostgreSQL 13+ through plain JDBC over any {@link javax.sql.DataSource}
 * (a pool such as HikariCP, in auto-commit mode).
 *
 * <pre>{@code
 * PostgresStore store = PostgresStore.builder()
 *     .dataSource(hikariDataSource)
 *     .digestKey(secret32Bytes)      // row keys nobody else can compute
 *     .idKey(otherSecret32Bytes)     // only to list a user's sessions with their IDs
 *     .createSchema(true)            // or run schema-postgresql-v1.sql yourself
 *     .build();
 * SessionManager sessions = SessionManager.builder().store(store).build();
 * }</pre>
 *
 * <p><b>Schema.</b> One table, {@code sojourn_session}, one row per session, created by {@code
 * dev/sojourn/jdbc/schema-postgresql-v1.sql} (shipped in this jar; {@link
 * PostgresStoreBuilder#createSchema} runs it at start, idempotently). The primary key is the
 * HMAC-SHA-256 of the session ID under the {@linkplain PostgresStoreBuilder#digestKey digestKey}
 * (plain SHA-256 without one), never the ID, so a dump of the table hands out no live session.
 * Stored in the clear: the user name, the CSRF token, the timestamps, and the attribute values as
 * the codec encoded them (base64 in a JSONB object; never Java serialization). Indexes: the primary
 * key (load), {@code expires_at} (cleanup), {@code user_name} (listing by user). A row in another
 * layout or that does not decode counts as absent: {@link #load} logs it, counts it in {@link
 * #corruptSessions()} and returns null.
 *
 * <p><b>One round trip each.</b> {@link #load} is one {@code SELECT}; {@link #commit} is one
 * statement whatever it carries (create-if-absent, the delta of puts and removals, expected
 * version, rotation, deadline, user): an {@code INSERT ... ON CONFLICT} for a create, a
 * data-modifying CTE for an update, both run in auto-commit, so no transaction stays open across
 * round trips and no explicit lock is taken. Why this cannot deadlock nor lose a disjoint update:
 * every commit locks exactly one row and applies the delta to that row as it is when the lock is
 * granted ({@code (attributes - removals) || puts} on the JSONB object); see {@code
 * PostgresDialect}. Spring Session JDBC, by contrast, writes a session as several statements in a
 * transaction over a session table and an attribute table, which deadlocks and hits duplicate keys
 * under concurrent requests of one session.
 *
 * <p><b>Time.</b> Deadlines are the store's {@link InstantSource} now plus the TTL, and every
 * statement compares them with that clock's now passed as a parameter, never the database's {@code
 * now()}: the application's clock decides expiry, and a fake clock decides it in tests. Nodes
 * sharing the table should run synchronized clocks.
 *
 * <p><b>Cleanup and expiry events.</b> {@link #sweep()} deletes expired rows oldest first in
 * batches of at most {@link PostgresStoreBuilder#sweepBatchSize} through the deadline index, with
 * {@code FOR UPDATE SKIP LOCKED}, so it costs O(expired) and every node may run it at once: each
 * takes disjoint rows, and each expired session is reported to the {@linkplain #addExpiryListener
 * expiry listeners} exactly once, by the node whose statement deleted it, with the row it deleted.
 * A background thread sweeps every {@link PostgresStoreBuilder#sweepInterval} unless turned off.
 * {@link #drop} and revocation delete only live rows, so an expired row is left for the sweep to
 * report. Without an idKey the store does not know session IDs: an expiry event's {@link
 * Snapshot#id()} is then the row's digest in hex.
 *
 * <p><b>Failures.</b> Each statement runs with the {@linkplain PostgresStoreBuilder#timeout
 * timeout} as its query timeout (and that plus 2 s as the socket timeout), and throws {@link
 * StoreException} when it expires, when the database cannot be reached, or when the pool gives no
 * connection; the wait for a connection is the pool's own setting (HikariCP's {@code
 * connectionTimeout}): set it no longer than this store's timeout. After the database comes back
 * the same store works again (the pool reconnects). A {@code StoreException} from a commit means
 * the outcome is unknown.
 *
 * <p>Thread-safe.
 */
public final class PostgresStore implements SessionStore, UserIndex, ExpiryEvents {
  private static final System.Logger LOG = System.getLogger(PostgresStore.class.getName());
  private static final byte[] NO_DIGEST = new byte[0];

  private final Database db;
  private final Keys keys;
  private final InstantSource clock;
  private final int batchSize;
  private final List<Consumer<? super Snapshot>> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder corrupt = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final @Nullable ScheduledExecutorService sweeper;

  private PostgresStore(PostgresStoreBuilder b) {
    this.db = new Database(Objects.requireNonNull(b.dataSource), b.timeout);
    this.keys = new Keys(b.digestKey, b.idKey);
    this.clock = b.clock;
    this.batchSize = b.sweepBatchSize;
    if (b.createSchema) {
      db.script(PostgresDialect.SCHEMA_RESOURCE);
    }
    if (b.backgroundSweeper) {
      ScheduledExecutorService thread =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread t = new Thread(task, "sojourn-postgres-sweeper");
                t.setDaemon(true);
                return t;
              });
      long every = b.sweepInterval.toMillis();
      var unused =
          thread.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
      this.sweeper = thread;
    } else {
      this.sweeper = null;
    }
  }

  /**
   * Returns a builder: {@link PostgresStoreBuilder#dataSource} is required, every other option has
   * a default.
   *
   * @return a new builder
   */
  public static PostgresStoreBuilder builder() {
    return new PostgresStoreBuilder();
  }

  static PostgresStore build(PostgresStoreBuilder builder) {
    return new PostgresStore(builder);
  }

  @Override
  public @Nullable Snapshot load(String id) {
    if (id.isEmpty()) {
      return null;
    }
    Map<String, Object> values = new HashMap<>();
    values.put("digest", keys.digestOf(id));
    values.put("now", clock.millis());
    List<SessionRows.Row> rows = read("load a session", PostgresDialect.LOAD, values, id);
    if (rows.isEmpty()) {
      return null;
    }
    return liveOrNull(rows.get(0), clock.millis());
  }

  private @Nullable Snapshot liveOrNull(SessionRows.Row row, long now) {
    Snapshot snapshot = row.snapshot();
    if (snapshot == null) {
      logCorrupt(row);
      return null;
    }
    return snapshot.isExpiredAt(now) ? null : snapshot;
  }

  private void logCorrupt(SessionRows.Row row) {
    corrupt.increment();
    LOG.log(
        Level.WARNING,
        "session row {0}: {1}; treating the session as absent",
        HexFormat.of().formatHex(row.digest()),
        row.problem());
  }

  private List<SessionRows.Row> read(
      String operation, NamedSql sql, Map<String, Object> values, @Nullable String knownId) {
    try {
      return db.query(
          operation,
          sql,
          values,
          rows ->
              SessionRows.read(rows, (digest, sealedBytes) -> idFor(knownId, digest, sealedBytes)));
    } catch (SQLException e) {
      throw db.failure(operation, e);
    }
  }

  private String idFor(@Nullable String knownId, byte[] digest, byte @Nullable [] sealedBytes)
      throws SessionRows.Corrupt {
    return knownId != null ? knownId : keys.idOf(digest, sealedBytes);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One statement (see the class comment). A rotation onto an ID whose digest is already stored
   * (a collision) is refused like a create over a live session, with {@link IllegalStateException}.
   */
  @Override
  public long commit(@Nullable SessionChange change) {
    SessionChange valid = SessionChange.requireValid(change);
    return CommitStatement.run(db, keys, valid, clock.millis());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Deletes the row only while it is live: an expired row stays for {@link #sweep()}, which
   * reports its expiry.
   */
  @Override
  public boolean drop(String id) {
    if (id.isEmpty()) {
      return false;
    }
    Map<String, Object> values = new HashMap<>();
    values.put("digest", keys.digestOf(id));
    values.put("now", clock.millis());
    try {
      return db.query("drop a session", PostgresDialect.DROP, values, rows -> rows.next());
    } catch (SQLException e) {
      throw db.failure("drop a session", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code SELECT} through the {@code user_name} index. Needs an {@linkplain
   * PostgresStoreBuilder#idKey idKey}: the table keeps IDs only sealed under it. A row whose sealed
   * ID does not open is logged, counted as corrupt and left out.
   *
   * @throws UnsupportedOperationException if the store has no idKey
   */
  @Override
  public List<Snapshot> sessionsOf(String user) {
    Objects.requireNonNull(user, "user");
    if (!listsSessions()) {
      throw new UnsupportedOperationException(
          "PostgresStore lists sessions by user only when built with idKey(...): without a key it"
              + " never stores session IDs, only their digests");
    }
    long now = clock.millis();
    Map<String, Object> values = new HashMap<>();
    values.put("user", user);
    values.put("now", now);
    List<Snapshot> live = new ArrayList<>();
    for (SessionRows.Row row :
        read("list a user's sessions", PostgresDialect.SESSIONS_OF, values, null)) {
      Snapshot snapshot = liveOrNull(row, now);
      if (snapshot != null) {
        live.add(snapshot);
      }
    }
    return live;
  }

  /**
   * {@inheritDoc}
   *
   * @return whether this store was built with an {@linkplain PostgresStoreBuilder#idKey idKey}
   */
  @Override
  public boolean listsSessions() {
    return keys.sealsIds();
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code DELETE} of the user's live rows, and complete with respect to rotation: a
   * rotation moves its row in one statement, and the {@code DELETE} that meets a row being rotated
   * waits for it and follows it to its new key, so the session ends under whichever ID it lands.
   * Works without an idKey (it ends rows by user); the list holds the IDs the store can open (with
   * an idKey), else it is empty. A session signed in while this runs may survive. Two revokes of
   * one user racing each other may deadlock in the database; the loser is retried (revocation is
   * idempotent).
   *
   * @throws StoreException if the database cannot answer (some sessions may have been ended)
   */
  @Override
  public List<String> revokeSessionsOf(String user, String exceptId) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(exceptId, "exceptId");
    Map<String, Object> values = new HashMap<>();
    values.put("user", user);
    values.put("now", clock.millis());
    values.put("spare", exceptId.isEmpty() ? NO_DIGEST : keys.digestOf(exceptId));
    List<String> ended = new ArrayList<>();
    for (int attempt = 1; ; attempt++) {
      try {
        db.query(
            "revoke a user's sessions",
            PostgresDialect.REVOKE,
            values,
            rows -> {
              while (rows.next()) {
                addOpened(ended, rows.getBytes(1), rows.getBytes(2));
              }
              return ended;
            });
        return ended;
      } catch (StoreException e) {
        if (attempt < 3
            && e.getCause() instanceof SQLException sql
            && "40P01".equals(sql.getSQLState())) {
          continue;
        }
        throw e;
      } catch (SQLException e) {
        throw db.failure("revoke a user's sessions", e);
      }
    }
  }

  private void addOpened(List<String> ended, byte[] digest, byte @Nullable [] sealedBytes) {
    if (!keys.sealsIds()) {
      return;
    }
    try {
      ended.add(keys.idOf(digest, sealedBytes));
    } catch (SessionRows.Corrupt e) {
      // ended, but its ID cannot be named
    }
  }

  @Override
  public void addExpiryListener(Consumer<? super Snapshot> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Deletes every session whose deadline has passed on the store's clock, in batches of at most the
   * {@linkplain PostgresStoreBuilder#sweepBatchSize batch size} (one statement each, until a batch
   * comes back short), reports each deleted session to the expiry listeners, and returns how many
   * it deleted. Safe to run on every node at once: each expired session is deleted, and reported,
   * by exactly one of them. A listener that throws is logged and stops nothing.
   *
   * @return how many expired sessions this call deleted
   * @throws StoreException if the database cannot answer (earlier batches stay deleted and
   *     reported)
   */
  public int sweep() {
    int removed = 0;
    while (true) {
      Map<String, Object> values = new HashMap<>();
      values.put("now", clock.millis());
      values.put("batch", batchSize);
      List<SessionRows.Row> rows =
          read("sweep expired sessions", PostgresDialect.SWEEP, values, null);
      for (SessionRows.Row row : rows) {
        report(row);
      }
      removed += rows.size();
      if (rows.size() < batchSize) {
        return removed;
      }
    }
  }

  private void report(SessionRows.Row row) {
    Snapshot snapshot = row.snapshot();
    if (snapshot == null) {
      logCorrupt(row);
      return;
    }
    for (Consumer<? super Snapshot> listener : listeners) {
      try {
        listener.accept(snapshot);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "expiry listener " + listener + " threw; delivery goes on", e);
      }
    }
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "sweep failed; the next one retries: " + e.getMessage());
    }
  }

  /**
   * {@return how many stored rows did not follow the layout and were treated as absent, since the
   * store was built}
   */
  public long corruptSessions() {
    return corrupt.sum();
  }

  /** Stops the background sweeper. Does not close the data source (it is the caller's). */
  @Override
  public void close() {
    ScheduledExecutorService thread = sweeper;
    if (closed.compareAndSet(false, true) && thread != null) {
      thread.shutdownNow();
    }
  }
}
