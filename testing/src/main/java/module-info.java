/** Test support for Sojourn stores: the store contract suite and a mutable clock. */
module dev.sojourn.testing {
  requires static org.jspecify;
  requires transitive dev.sojourn.core;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;

  exports dev.sojourn.testing;
}
