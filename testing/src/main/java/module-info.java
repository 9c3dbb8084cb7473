/** Test support for Sojourn stores: the store contract suite and a mutable clock. */
module dev.sojourn.testing {
  requires static org.jspecify;
  requires transitive dev.sojourn.core;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;
  requires embedded.redis;

  exports dev.sojourn.testing;
  exports dev.sojourn.testing.redis;
}
