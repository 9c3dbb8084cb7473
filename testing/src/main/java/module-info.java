/**
 * Test support for Sojourn stores: the store contract suite, a mutable clock, and real Redis and
 * PostgreSQL servers for tests.
 */
module dev.sojourn.testing {
  requires static org.jspecify;
  requires transitive dev.sojourn.core;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;
  requires embedded.redis;
  requires org.tukaani.xz;
  requires embedded.postgres.binaries.linux.amd64;

  exports dev.sojourn.testing;
  exports dev.sojourn.testing.redis;
  exports dev.sojourn.testing.postgres;
}
