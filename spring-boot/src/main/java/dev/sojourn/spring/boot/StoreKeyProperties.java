package dev.sojourn.spring.boot;

import org.jspecify.annotations.Nullable;

/**
 * The two keys every shared store takes, the same properties under {@code sojourn.store.redis.*}
 * ({@link SojournProperties.Redis}) and {@code sojourn.store.jdbc.*} ({@link JdbcStoreProperties}):
 * {@code id-key} and {@code digest-key}. Both are secrets, base64 in the property; neither is
 * checked when it is set: a value that is not the base64 of a key the store accepts fails startup
 * with an {@code InvalidConfigurationPropertyValueException} that names the property and hides the
 * value. Not thread-safe: Spring binds it once at startup.
 */
public abstract class StoreKeyProperties {
  /**
   * Base64 of a 32-byte key that seals session IDs in the store's user index, the same on every
   * node; needed to list a user's sessions (concurrent session control, sign out other devices).
   */
  private @Nullable String idKey;

  /**
   * Base64 of a secret key of at least 32 bytes that keys the digest in every stored key (HMAC),
   * the same on every node, so that someone who can write to the store cannot plant a session under
   * an ID of their choosing. Recommended. Default: none (plain SHA-256).
   */
  private @Nullable String digestKey;

  /** Creates the key properties, both unset. */
  protected StoreKeyProperties() {}

  /**
   * {@return {@code id-key} (base64; a secret: do not log it), or null when unset (no user index)}
   */
  public @Nullable String getIdKey() {
    return idKey;
  }

  /**
   * Sets {@code id-key}. Not checked here: anything but the base64 of 32 bytes fails startup.
   *
   * @param idKey base64 of the 32-byte key, the same on every node; null for none
   */
  public void setIdKey(@Nullable String idKey) {
    this.idKey = idKey;
  }

  /**
   * {@return {@code digest-key} (base64; a secret: do not log it), or null when unset (plain
   * SHA-256)}
   */
  public @Nullable String getDigestKey() {
    return digestKey;
  }

  /**
   * Sets {@code digest-key}. Not checked here: anything but the base64 of at least 32 bytes fails
   * startup.
   *
   * @param digestKey base64 of at least 32 random bytes; null for none
   */
  public void setDigestKey(@Nullable String digestKey) {
    this.digestKey = digestKey;
  }
}
