/**
 * A {@link dev.sojourn.store.SessionStore} on PostgreSQL 13+ through plain JDBC: {@link
 * dev.sojourn.jdbc.PostgresStore}. The schema ships as {@code
 * dev/sojourn/jdbc/schema-postgresql-v1.sql}; the SQL lives in one dialect class.
 */
@NullMarked
package dev.sojourn.jdbc;

import org.jspecify.annotations.NullMarked;
