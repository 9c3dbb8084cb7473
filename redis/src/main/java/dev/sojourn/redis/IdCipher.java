package dev.sojourn.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Seals session IDs with AES-256-GCM under the store's {@code idKey}, so that a session hash can
 * name its ID for {@link RedisStore#sessionsOf} while a dump of Redis, without the key, still hands
 * out no ID. Output: a 12-byte random nonce, then the ciphertext and 16-byte tag; the key's digest
 * is the associated data, so a sealed ID copied to another key does not open. Key rotation: seals
 * under the first (newest) key, opens under any of them. Thread-safe.
 */
final class IdCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final List<SecretKeySpec> keys;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param keys newest first, at least one
   * @throws IllegalArgumentException if there is no key, or one does not have 32 bytes
   */
  IdCipher(List<byte[]> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("idKeys must hold at least one key");
    }
    List<SecretKeySpec> specs = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      byte[] key = keys.get(i);
      if (key.length != 32) {
        throw new IllegalArgumentException(
            "idKey #" + (i + 1) + " must be 32 bytes (AES-256), was " + key.length + " bytes");
      }
      specs.add(new SecretKeySpec(key.clone(), "AES"));
    }
    this.keys = List.copyOf(specs);
  }

  byte[] seal(String id, String digest) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(digest.getBytes(StandardCharsets.US_ASCII));
      byte[] sealed = cipher.doFinal(id.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
    }
  }

  /**
   * Opens a sealed ID with whichever of the keys sealed it.
   *
   * @throws SessionHash.CorruptSessionException if it was not sealed under one of the keys for this
   *     digest, or was altered
   */
  String open(byte[] sealed, String digest) throws SessionHash.CorruptSessionException {
    // Shorter than nonce and tag: JDK 17's GCM throws ProviderException, not a checked one.
    if (sealed.length <= NONCE_BYTES + TAG_BITS / 8) {
      throw new SessionHash.CorruptSessionException("sealed id is too short");
    }
    for (SecretKeySpec key : keys) {
      String id = open(key, sealed, digest);
      if (id != null) {
        return id;
      }
    }
    throw new SessionHash.CorruptSessionException(
        "sealed id does not open with this store's idKeys (another key, or altered)");
  }

  private static @Nullable String open(SecretKeySpec key, byte[] sealed, String digest) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 0, NONCE_BYTES)));
      cipher.updateAAD(digest.getBytes(StandardCharsets.US_ASCII));
      byte[] id = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
      return new String(id, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      return null;
    }
  }
}
