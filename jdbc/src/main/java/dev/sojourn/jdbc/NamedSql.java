package dev.sojourn.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A statement written with {@code :name} parameters (a {@code ::type} cast is left alone), turned
 * into JDBC's positional {@code ?} once, and bound by name. Immutable and thread-safe.
 */
final class NamedSql {
  /** A typed SQL NULL for a parameter. */
  record Null(int sqlType) {}

  static final Null NULL_TEXT = new Null(Types.VARCHAR);
  static final Null NULL_BIGINT = new Null(Types.BIGINT);
  static final Null NULL_BYTES = new Null(Types.BINARY);

  private final String sql;
  private final List<String> names;

  private NamedSql(String sql, List<String> names) {
    this.sql = sql;
    this.names = List.copyOf(names);
  }

  static NamedSql of(String text) {
    StringBuilder sql = new StringBuilder(text.length());
    List<String> names = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
        sql.append("::");
        i += 2;
      } else if (c == ':' && i + 1 < text.length() && Character.isLetter(text.charAt(i + 1))) {
        int end = i + 1;
        while (end < text.length()
            && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
          end++;
        }
        names.add(text.substring(i + 1, end));
        sql.append('?');
        i = end;
      } else {
        sql.append(c);
        i++;
      }
    }
    return new NamedSql(sql.toString(), names);
  }

  /** The statement with positional parameters. */
  String sql() {
    return sql;
  }

  /**
   * Binds every parameter from {@code values}.
   *
   * @throws IllegalStateException if a parameter has no value (a bug in the caller)
   */
  void bind(PreparedStatement statement, Map<String, Object> values) throws SQLException {
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Object value = values.get(name);
      int index = i + 1;
      if (value == null) {
        throw new IllegalStateException("no value for SQL parameter :" + name);
      } else if (value instanceof Null typed) {
        statement.setNull(index, typed.sqlType());
      } else if (value instanceof Long number) {
        statement.setLong(index, number);
      } else if (value instanceof Integer number) {
        statement.setInt(index, number);
      } else if (value instanceof Boolean flag) {
        statement.setBoolean(index, flag);
      } else if (value instanceof String text) {
        statement.setString(index, text);
      } else if (value instanceof byte[] bytes) {
        statement.setBytes(index, bytes);
      } else if (value instanceof String[] texts) {
        statement.setArray(index, statement.getConnection().createArrayOf("text", texts));
      } else {
        throw new IllegalStateException(
            "unsupported value type for :" + name + ": " + value.getClass().getName());
      }
    }
  }
}
