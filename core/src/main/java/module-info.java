/**
 * Sojourn core: typed sessions, the session manager, the store SPI, tokens, the attribute codec and
 * the in-memory store. No runtime dependencies.
 */
module dev.sojourn.core {
  requires static org.jspecify;

  exports dev.sojourn;
  exports dev.sojourn.codec;
  exports dev.sojourn.store;
  exports dev.sojourn.store.memory;
}
