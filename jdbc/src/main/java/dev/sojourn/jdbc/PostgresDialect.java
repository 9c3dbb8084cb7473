package dev.sojourn.jdbc;

/**
 * Every statement the store sends, in PostgreSQL's dialect, in one place: a MySQL or MariaDB
 * dialect would be a sibling class with the same statements (its {@code ON DUPLICATE KEY}, {@code
 * JSON_REMOVE}/{@code JSON_MERGE_PATCH} and {@code SKIP LOCKED} take the place of ours).
 *
 * <p>How each keeps the contract, with no transaction held across round trips and no explicit lock
 * (each statement runs alone in auto-commit; every row lock it takes is one it is about to write,
 * released at its end):
 *
 * <ul>
 *   <li>{@link #CREATE}: {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE expired}:
 *       create-if-absent in one statement; an existing live row makes it return nothing (an ID
 *       collision), an expired row not yet swept is replaced. Never a unique violation: {@code ON
 *       CONFLICT} arbitrates on the primary key.
 *   <li>{@link #UPDATE}: a CTE locks the one row ({@code FOR UPDATE}, which in READ COMMITTED waits
 *       for a concurrent writer and then sees its committed row), an {@code UPDATE} applies the
 *       delta to it only if it is live, in this layout and at the expected version, and the final
 *       {@code SELECT} returns both the new version and what was found, so that a refusal says why
 *       (not found, or version conflict with the stored version) in the same round trip. The delta
 *       is applied by the database to whatever the row holds when the lock is granted: {@code
 *       (attributes - removals) || puts} on the JSONB object, so concurrent requests changing
 *       different attributes both land. A rotation is the same {@code UPDATE} setting the primary
 *       key to the new digest: one row, moved atomically, so the old ID is dead when it returns and
 *       a concurrent revoke (which follows the row's update chain) ends it under whichever ID it
 *       lands. One row lock per commit, never two: no lock-order cycle, no deadlock.
 *   <li>{@link #DROP}, {@link #REVOKE}: single {@code DELETE}s; a row is only deleted while live,
 *       so an expired one stays for the sweep, which reports it.
 *   <li>{@link #SWEEP}: {@code SELECT ... ORDER BY expires_at LIMIT n FOR UPDATE SKIP LOCKED} in a
 *       CTE, {@code DELETE ... RETURNING} the rows it locked: O(expired) through the deadline
 *       index, bounded, and nodes sweeping at once take disjoint rows, so each expiry is reported
 *       by exactly the node whose statement deleted it.
 * </ul>
 */
final class PostgresDialect {
  private PostgresDialect() {}

  /** The layout version this code writes and reads (column {@code layout}). */
  static final int LAYOUT = 1;

  /** The schema file, a classpath resource. */
  static final String SCHEMA_RESOURCE = "/dev/sojourn/jdbc/schema-postgresql-v1.sql";

  /** The columns every reading statement returns, one row per attribute (or one, without any). */
  private static final String COLUMNS =
      "s.id_digest, s.sealed_id, s.layout, s.csrf_token, s.user_name, s.authenticated_at,"
          + " s.created_at, s.last_accessed_at, s.expires_at, s.version, s.idle_timeout,"
          + " jsonb_typeof(s.attributes) AS attributes_type, a.key AS attribute,"
          + " jsonb_typeof(a.value) AS value_type, a.value #>> '{}' AS value";

  private static final String ATTRIBUTES =
      " LEFT JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(s.attributes) = 'object'"
          + " THEN s.attributes ELSE '{}'::jsonb END) AS a(key, value) ON true";

  static final NamedSql LOAD =
      NamedSql.of(
          "SELECT "
              + COLUMNS
              + " FROM sojourn_session s"
              + ATTRIBUTES
              + " WHERE s.id_digest = :digest AND s.expires_at > :now");

  static final NamedSql SESSIONS_OF =
      NamedSql.of(
          "SELECT "
              + COLUMNS
              + " FROM sojourn_session s"
              + ATTRIBUTES
              + " WHERE s.user_name = :user AND s.expires_at > :now ORDER BY s.id_digest");

  static final NamedSql CREATE =
      NamedSql.of(
          "INSERT INTO sojourn_session AS s (id_digest, layout, sealed_id, csrf_token, user_name,"
              + " authenticated_at, created_at, last_accessed_at, expires_at, version,"
              + " idle_timeout, attributes)"
              + " VALUES (:digest, :layout, :sealed, :csrf, :user, :authenticated_at, :created_at,"
              + " :last_accessed_at, :deadline, 1, :idle_timeout, :puts::jsonb)"
              + " ON CONFLICT (id_digest) DO UPDATE SET layout = EXCLUDED.layout,"
              + " sealed_id = EXCLUDED.sealed_id, csrf_token = EXCLUDED.csrf_token,"
              + " user_name = EXCLUDED.user_name, authenticated_at = EXCLUDED.authenticated_at,"
              + " created_at = EXCLUDED.created_at, last_accessed_at = EXCLUDED.last_accessed_at,"
              + " expires_at = EXCLUDED.expires_at, version = 1,"
              + " idle_timeout = EXCLUDED.idle_timeout, attributes = EXCLUDED.attributes"
              + " WHERE s.expires_at <= :now OR s.layout <> :layout"
              + " RETURNING s.version");

  static final NamedSql UPDATE =
      NamedSql.of(
          "WITH cur AS ("
              + " SELECT id_digest, version, expires_at FROM sojourn_session"
              + " WHERE id_digest = :digest AND layout = :layout"
              + " AND jsonb_typeof(attributes) = 'object' FOR UPDATE"
              + "), upd AS ("
              + " UPDATE sojourn_session s SET"
              + " id_digest = :new_digest,"
              + " sealed_id = CASE WHEN :rotate THEN :sealed ELSE s.sealed_id END,"
              + " csrf_token = COALESCE(:csrf, s.csrf_token),"
              + " user_name = CASE WHEN :user_changed THEN :user ELSE s.user_name END,"
              + " authenticated_at = CASE WHEN :user_changed THEN :authenticated_at"
              + " ELSE s.authenticated_at END,"
              + " last_accessed_at = GREATEST(s.last_accessed_at, :last_accessed_at),"
              + " expires_at = :deadline,"
              + " version = s.version + :bump,"
              + " idle_timeout = CASE WHEN :idle_changed THEN :idle_timeout ELSE s.idle_timeout END,"
              + " attributes = CASE WHEN :attributes_change"
              + " THEN (CASE WHEN :clear THEN '{}'::jsonb ELSE s.attributes END)"
              + " - :removals::text[] || :puts::jsonb"
              + " ELSE s.attributes END"
              + " FROM cur"
              + " WHERE s.id_digest = cur.id_digest AND cur.expires_at > :now"
              + " AND (:expected = -1 OR cur.version = :expected)"
              + " RETURNING s.version"
              + ")"
              + " SELECT (SELECT version FROM upd) AS applied,"
              + " (SELECT version FROM cur) AS stored, (SELECT expires_at FROM cur) AS deadline");

  static final NamedSql DROP =
      NamedSql.of(
          "DELETE FROM sojourn_session WHERE id_digest = :digest AND expires_at > :now"
              + " RETURNING layout");

  static final NamedSql REVOKE =
      NamedSql.of(
          "DELETE FROM sojourn_session WHERE user_name = :user AND expires_at > :now"
              + " AND id_digest <> :spare RETURNING id_digest, sealed_id");

  static final NamedSql SWEEP =
      NamedSql.of(
          "WITH expired AS ("
              + " SELECT id_digest FROM sojourn_session WHERE expires_at <= :now"
              + " ORDER BY expires_at LIMIT :batch FOR UPDATE SKIP LOCKED"
              + "), s AS ("
              + " DELETE FROM sojourn_session d USING expired"
              + " WHERE d.id_digest = expired.id_digest AND d.expires_at <= :now RETURNING d.*"
              + ")"
              + " SELECT "
              + COLUMNS
              + " FROM s"
              + ATTRIBUTES
              + " ORDER BY s.id_digest");
}
