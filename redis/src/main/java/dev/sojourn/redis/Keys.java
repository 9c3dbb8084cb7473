package dev.sojourn.redis;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Key names. A session lives at {@code <prefix>s:{<digest(id)>}} and a user's index at {@code
 * <prefix>u:{<digest(user)>}}, the digest being HMAC-SHA-256 under the store's digestKey, or plain
 * SHA-256 without one, cut to its first 128 bits and written in base64url (22 characters, no
 * padding): the ID (a credential) is never in a key name, and without the digestKey nobody can
 * compute the key name of an ID they choose. 128 bits keep both properties that matter: finding an
 * ID whose digest is a given session's takes about 2<sup>128</sup> tries (more than guessing the
 * 32-character ID itself would, were it shorter), and two of 10<sup>9</sup> live sessions share a
 * digest with a probability near 10<sup>-21</sup>. The short form halves the bytes that digests
 * take in every key name, user index member and field {@code x} (issue 9, item 4). The user name is
 * not in a key name either, but it is in the session hash (field {@code u}), in the clear. The
 * braces are a Redis Cluster hash tag, so the slot depends on the digest only, even if the prefix
 * holds braces of its own. A user index's members are session digests. Thread-safe.
 */
final class Keys {
  /** Characters in a digest: 16 bytes in base64url without padding. */
  static final int DIGEST_LENGTH = 22;

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final String prefix;
  private final @Nullable SecretKeySpec digestKey;

  Keys(String prefix, byte @Nullable [] digestKey) {
    this.prefix = prefix;
    this.digestKey = digestKey == null ? null : new SecretKeySpec(digestKey, "HmacSHA256");
  }

  /**
   * The digest of a session ID or user name in this store's key names: HMAC-SHA-256 under the
   * digestKey, or {@link #digest} without one; {@value #DIGEST_LENGTH} base64url characters either
   * way.
   */
  String digestOf(String value) {
    SecretKeySpec key = digestKey;
    if (key == null) {
      return digest(value);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return encode(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JDK", e);
    }
  }

  /**
   * The SHA-256 of {@code value} in digest form (first 128 bits, base64url): the unkeyed digest,
   * used when there is no digestKey.
   */
  static String digest(String value) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return encode(sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  private static String encode(byte[] hash) {
    return BASE64URL.encodeToString(Arrays.copyOf(hash, 16));
  }

  /** Whether {@code value} looks like a digest: {@value #DIGEST_LENGTH} base64url characters. */
  static boolean isDigest(String value) {
    return value.length() == DIGEST_LENGTH && isBase64Url(value);
  }

  /** Whether every character of {@code value} is in the base64url alphabet (no padding). */
  static boolean isBase64Url(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean alphanumeric =
          (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!alphanumeric && c != '-' && c != '_') {
        return false;
      }
    }
    return true;
  }

  /** The key of the session whose ID has this digest. */
  byte[] sessionByDigest(String digest) {
    return (prefix + "s:{" + digest + "}").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The "revoked" marker of a session digest (Redis Cluster): a revoke leaves it, briefly, and the
   * second step of a rotation onto the digest refuses to write the session while it exists. Same
   * hash tag as the session, so the same slot.
   */
  byte[] revokedMarker(String digest) {
    return (prefix + "r:{" + digest + "}").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Where a rotation moved the session that had this digest (Redis Cluster): set by its first step,
   * followed by a revoke. Same hash tag as the session, so the same slot.
   */
  byte[] forward(String digest) {
    return (prefix + "f:{" + digest + "}").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Where the first step of a rotation on Redis Cluster keeps the session it took from this digest,
   * briefly, under the rotation's commit identity, so that a repeat of that step answers the same
   * fields (take.lua). No load reads it. Same hash tag as the session, so the same slot.
   */
  byte[] taken(String digest) {
    return (prefix + "t:{" + digest + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** The prefix of every key, which revoke.lua needs to name session keys. */
  String prefix() {
    return prefix;
  }

  /** The key of the session stored under {@code id}. */
  byte[] session(String id) {
    return sessionByDigest(digestOf(id));
  }

  /** The name of {@code user}'s index. */
  String userIndex(String user) {
    return prefix + "u:{" + digestOf(user) + "}";
  }
}
