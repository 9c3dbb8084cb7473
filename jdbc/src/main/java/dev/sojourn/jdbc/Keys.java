package dev.sojourn.jdbc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The row key of a session and its sealed ID, as the Redis store does it: the key is the
 * HMAC-SHA-256 of the ID under the digestKey (plain SHA-256 without one), so the table never holds
 * an ID and, with a digestKey, someone who can write to it cannot plant a session under an ID of
 * their choosing. With an idKey, each row also keeps its ID sealed with AES-256-GCM (a 12-byte
 * random nonce, then ciphertext and tag; the digest is the associated data, so a sealed ID copied
 * to another row does not open), so that a user's sessions can be listed with their IDs.
 * Thread-safe.
 */
final class Keys {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final @Nullable SecretKeySpec digestKey;
  private final @Nullable SecretKeySpec idKey;
  private final SecureRandom random = new SecureRandom();

  Keys(byte @Nullable [] digestKey, byte @Nullable [] idKey) {
    this.digestKey = digestKey == null ? null : new SecretKeySpec(digestKey, "HmacSHA256");
    this.idKey = idKey == null ? null : new SecretKeySpec(idKey, "AES");
  }

  /** The 32-byte digest under which the session with this ID is stored. */
  byte[] digestOf(String id) {
    byte[] value = id.getBytes(StandardCharsets.UTF_8);
    SecretKeySpec key = digestKey;
    try {
      if (key == null) {
        return MessageDigest.getInstance("SHA-256").digest(value);
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(value);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256 and HmacSHA256", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot key HmacSHA256 with the digestKey", e);
    }
  }

  /** Whether IDs are sealed (the store has an idKey). */
  boolean sealsIds() {
    return idKey != null;
  }

  /** The ID sealed for the row under {@code digest}, or null without an idKey. */
  byte @Nullable [] seal(String id, byte[] digest) {
    SecretKeySpec key = idKey;
    if (key == null) {
      return null;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(digest);
      byte[] sealedBytes = cipher.doFinal(id.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(NONCE_BYTES + sealedBytes.length)
          .put(nonce)
          .put(sealedBytes)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
    }
  }

  /**
   * The ID of the row under {@code digest}: opened from {@code sealedBytes} with the idKey; without
   * an idKey, the digest in hex (the store never holds the ID), which no load accepts as an ID.
   *
   * @throws SessionRows.Corrupt if the store has an idKey and the sealed ID is missing, altered or
   *     sealed under another key
   */
  String idOf(byte[] digest, byte @Nullable [] sealedBytes) throws SessionRows.Corrupt {
    SecretKeySpec key = idKey;
    if (key == null) {
      return HexFormat.of().formatHex(digest);
    }
    if (sealedBytes == null || sealedBytes.length <= NONCE_BYTES + TAG_BITS / 8) {
      throw new SessionRows.Corrupt("sealed id is missing or too short");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealedBytes, 0, NONCE_BYTES)));
      cipher.updateAAD(digest);
      return new String(
          cipher.doFinal(sealedBytes, NONCE_BYTES, sealedBytes.length - NONCE_BYTES),
          StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new SessionRows.Corrupt("sealed id does not open with this store's idKey");
    }
  }
}
