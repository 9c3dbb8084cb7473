package dev.sojourn.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Key names. A session lives at {@code <prefix>s:{<sha256(id) in hex>}} and a user's index at
 * {@code <prefix>u:{<sha256(user) in hex>}}: neither the ID (a credential) nor the user name
 * appears in Redis. The braces are a Redis Cluster hash tag, so the slot depends on the digest
 * only, even if the prefix holds braces of its own. A user index's members are session digests.
 */
final class Keys {
  private static final HexFormat HEX = HexFormat.of();

  private final String prefix;

  Keys(String prefix) {
    this.prefix = prefix;
  }

  /** The hex SHA-256 of {@code id}: the session's user-index member and the core of its key. */
  static String digest(String value) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HEX.formatHex(sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** Whether {@code value} looks like a digest: 64 lower-case hex characters. */
  static boolean isDigest(String value) {
    if (value.length() != 64) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
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

  /** The prefix of every key, which revoke.lua needs to name session keys. */
  String prefix() {
    return prefix;
  }

  /** The key of the session stored under {@code id}. */
  byte[] session(String id) {
    return sessionByDigest(digest(id));
  }

  /** The name of {@code user}'s index. */
  String userIndex(String user) {
    return prefix + "u:{" + digest(user) + "}";
  }
}
