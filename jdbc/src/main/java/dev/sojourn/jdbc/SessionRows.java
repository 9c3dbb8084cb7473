package dev.sojourn.jdbc;

import dev.sojourn.store.Snapshot;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads sessions from the rows a reading statement returns (one row per attribute, see {@link
 * PostgresDialect}), and writes attribute puts as the JSONB object the commit merges. A row that
 * does not follow layout {@value PostgresDialect#LAYOUT} is {@linkplain Corrupt corrupt}: the store
 * treats it as absent.
 */
final class SessionRows {
  private SessionRows() {}

  /** One stored session as read: its key digest, and the snapshot or why there is none. */
  static final class Row {
    private final byte[] digest;
    private final @Nullable Snapshot snapshot;
    private final String problem;

    Row(byte[] digest, @Nullable Snapshot snapshot, String problem) {
      this.digest = digest;
      this.snapshot = snapshot;
      this.problem = problem;
    }

    byte[] digest() {
      return digest;
    }

    @Nullable Snapshot snapshot() {
      return snapshot;
    }

    String problem() {
      return problem;
    }
  }

  /** Decodes a row's fields into a snapshot. */
  @FunctionalInterface
  interface IdResolver {
    /** The ID to put in the snapshot of the session stored under {@code digest}. */
    String idOf(byte[] digest, byte @Nullable [] sealedId) throws Corrupt;
  }

  /** A stored row that does not follow the layout; the message says what is wrong. */
  static final class Corrupt extends Exception {
    private static final long serialVersionUID = 1L;

    Corrupt(String message) {
      super(message);
    }
  }

  /** Reads every session in {@code rows}, consecutive rows of one digest being one session. */
  static List<Row> read(ResultSet rows, IdResolver ids) throws SQLException {
    List<Row> sessions = new ArrayList<>();
    Fields fields = null;
    while (rows.next()) {
      byte[] rowDigest = rows.getBytes("id_digest");
      Fields current = fields;
      if (current == null || !Arrays.equals(current.digest, rowDigest)) {
        if (current != null) {
          sessions.add(current.finish(ids));
        }
        current = new Fields(rows);
        fields = current;
      }
      current.attribute(rows);
    }
    if (fields != null) {
      sessions.add(fields.finish(ids));
    }
    return sessions;
  }

  /** The JSON object {@code {"name":"base64",...}} of {@code puts}, names escaped. */
  static String putsJson(Map<String, byte[]> puts) {
    StringBuilder json = new StringBuilder(16 + puts.size() * 32).append('{');
    Base64.Encoder base64 = Base64.getEncoder();
    boolean first = true;
    for (Map.Entry<String, byte[]> put : puts.entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      quote(json, put.getKey()).append(':').append('"');
      json.append(base64.encodeToString(put.getValue())).append('"');
    }
    return json.append('}').toString();
  }

  private static StringBuilder quote(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"');
  }

  /** The fields of one session being read. */
  private static final class Fields {
    private static final Set<String> NOT_OBJECT = Set.of("array", "string", "number", "boolean");

    private final byte[] digest;
    private final byte @Nullable [] sealedId;
    private final int layout;
    private final @Nullable String csrf;
    private final @Nullable String user;
    private final long authenticatedAt;
    private final long createdAt;
    private final long lastAccessedAt;
    private final long expiresAt;
    private final long version;
    private final long idleTimeout;
    private final @Nullable String attributesType;
    private final Map<String, byte[]> attributes = new HashMap<>();
    private @Nullable String problem;

    Fields(ResultSet rows) throws SQLException {
      digest = rows.getBytes("id_digest");
      sealedId = rows.getBytes("sealed_id");
      layout = rows.getInt("layout");
      csrf = rows.getString("csrf_token");
      user = rows.getString("user_name");
      long signedIn = rows.getLong("authenticated_at");
      authenticatedAt = rows.wasNull() ? Snapshot.NEVER : signedIn;
      createdAt = rows.getLong("created_at");
      lastAccessedAt = rows.getLong("last_accessed_at");
      expiresAt = rows.getLong("expires_at");
      version = rows.getLong("version");
      idleTimeout = rows.getLong("idle_timeout");
      attributesType = rows.getString("attributes_type");
    }

    void attribute(ResultSet rows) throws SQLException {
      String name = rows.getString("attribute");
      if (name == null || problem != null) {
        return;
      }
      String type = rows.getString("value_type");
      String value = rows.getString("value");
      if (!"string".equals(type) || value == null) {
        problem = "attribute '" + name + "' is a JSON " + type + ", not a base64 string";
        return;
      }
      try {
        attributes.put(name, Base64.getDecoder().decode(value));
      } catch (IllegalArgumentException e) {
        problem = "attribute '" + name + "' is not base64: " + e.getMessage();
      }
    }

    Row finish(IdResolver ids) {
      try {
        check();
        String id = ids.idOf(digest, sealedId);
        Snapshot snapshot =
            Snapshot.builder(id, requireText(csrf, "csrf_token"))
                .user(user, authenticatedAt)
                .createdAt(createdAt)
                .lastAccessedAt(lastAccessedAt)
                .expiresAt(expiresAt)
                .version(version)
                .idleTimeoutMillis(idleTimeout)
                .attributes(attributes)
                .build();
        return new Row(digest, snapshot, "");
      } catch (Corrupt | IllegalArgumentException e) {
        return new Row(digest, null, String.valueOf(e.getMessage()));
      }
    }

    private void check() throws Corrupt {
      if (layout != PostgresDialect.LAYOUT) {
        throw new Corrupt(
            "layout " + layout + ", this store reads layout " + PostgresDialect.LAYOUT);
      }
      if (attributesType == null || NOT_OBJECT.contains(attributesType)) {
        throw new Corrupt("attributes are a JSON " + attributesType + ", not an object");
      }
      if (problem != null) {
        throw new Corrupt(problem);
      }
    }

    private static String requireText(@Nullable String value, String column) throws Corrupt {
      if (value == null || value.isEmpty()) {
        throw new Corrupt("empty " + column);
      }
      return value;
    }
  }
}
