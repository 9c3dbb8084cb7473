/** The PostgreSQL session store for Sojourn, on plain JDBC over any {@code DataSource}. */
module dev.sojourn.jdbc {
  requires static org.jspecify;
  requires transitive dev.sojourn.core;
  requires transitive java.sql;

  exports dev.sojourn.jdbc;
}
