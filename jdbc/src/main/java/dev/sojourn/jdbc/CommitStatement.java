package dev.sojourn.jdbc;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.StoreException;
import dev.sojourn.store.VersionConflictException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One commit as one statement: binds a {@link SessionChange} to {@link PostgresDialect#CREATE} or
 * {@link PostgresDialect#UPDATE}, and turns what the statement returns into the contract's outcome
 * (the new version, or not found, version conflict, or a live session under the ID).
 */
final class CommitStatement {
  private CommitStatement() {}

  /** Applies a valid change at {@code now}; see {@link PostgresStore#commit}. */
  static long run(Database db, Keys keys, SessionChange valid, long now) {
    byte[] digest = keys.digestOf(valid.id());
    Map<String, Object> values = new HashMap<>();
    values.put("layout", PostgresDialect.LAYOUT);
    values.put("now", now);
    values.put("deadline", valid.deadlineAt(now));
    values.put("last_accessed_at", valid.lastAccessedAtMillis());
    values.put("puts", SessionRows.putsJson(valid.puts()));
    String user = valid.user();
    values.put("user", user == null ? NamedSql.NULL_TEXT : user);
    values.put(
        "authenticated_at",
        user == null || valid.authenticatedAtMillis() == Snapshot.NEVER
            ? NamedSql.NULL_BIGINT
            : (Object) valid.authenticatedAtMillis());
    values.put("idle_timeout", valid.idleTimeoutMillis());
    String csrf = valid.csrfToken();
    values.put("csrf", csrf == null ? NamedSql.NULL_TEXT : csrf);
    try {
      if (valid.kind() == SessionChange.Kind.CREATE) {
        return create(db, keys, valid, digest, values);
      }
      return update(db, keys, valid, digest, now, values);
    } catch (SQLException uniqueViolation) {
      throw new IllegalStateException(
          "a live session already exists under the new session id", uniqueViolation);
    }
  }

  private static long create(
      Database db, Keys keys, SessionChange change, byte[] digest, Map<String, Object> values)
      throws SQLException {
    values.put("digest", digest);
    byte[] sealedBytes = keys.seal(change.id(), digest);
    values.put("sealed", sealedBytes == null ? NamedSql.NULL_BYTES : sealedBytes);
    values.put("created_at", change.createdAtMillis());
    long version =
        db.query(
            "create a session",
            PostgresDialect.CREATE,
            values,
            rows -> rows.next() ? rows.getLong(1) : -1L);
    if (version < 0) {
      throw new IllegalStateException("a live session already exists under the new session id");
    }
    return version;
  }

  private static long update(
      Database db,
      Keys keys,
      SessionChange change,
      byte[] digest,
      long now,
      Map<String, Object> values)
      throws SQLException {
    String newId = change.newId();
    byte[] newDigest = newId == null ? digest : keys.digestOf(newId);
    byte[] sealedBytes = newId == null ? null : keys.seal(newId, newDigest);
    values.put("digest", digest);
    values.put("new_digest", newDigest);
    values.put("rotate", newId != null);
    values.put("sealed", sealedBytes == null ? NamedSql.NULL_BYTES : sealedBytes);
    values.put("user_changed", change.userChanged());
    values.put("bump", change.changesData() ? 1L : 0L);
    values.put("idle_changed", change.idleTimeoutChanged());
    boolean attributesChange =
        change.clearAttributes() || !change.puts().isEmpty() || !change.removals().isEmpty();
    values.put("attributes_change", attributesChange);
    values.put("clear", change.clearAttributes());
    values.put("removals", change.removals().toArray(new String[0]));
    values.put("expected", change.expectedVersion());
    long[] outcome =
        db.query(
            "commit a session",
            PostgresDialect.UPDATE,
            values,
            rows -> {
              rows.next();
              long applied = rows.getLong("applied");
              boolean wasApplied = !rows.wasNull();
              long stored = rows.getLong("stored");
              boolean found = !rows.wasNull();
              long deadline = rows.getLong("deadline");
              return new long[] {wasApplied ? 1 : 0, applied, found ? 1 : 0, stored, deadline};
            });
    if (outcome[0] == 1) {
      return outcome[1];
    }
    if (outcome[2] == 0 || outcome[4] <= now) {
      throw new SessionNotFoundException("commit");
    }
    long expected = change.expectedVersion();
    if (expected != SessionChange.ANY_VERSION && expected != outcome[3]) {
      throw new VersionConflictException(expected, outcome[3]);
    }
    throw new StoreException("postgres store: the commit was neither applied nor refused");
  }
}
