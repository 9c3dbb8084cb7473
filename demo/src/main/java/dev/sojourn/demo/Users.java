package dev.sojourn.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The demo's users, with their passwords in plain text: it is a demo. */
final class Users {
  private static final Map<String, String> PASSWORDS =
      Map.of("alice", "wonderland", "bob", "builder");

  private Users() {}

  /** Tells whether {@code password} is {@code user}'s, comparing in constant time. */
  static boolean check(@Nullable String user, @Nullable String password) {
    String expected = user == null ? null : PASSWORDS.get(user);
    byte[] given = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
    byte[] wanted = (expected == null ? "\u0000" : expected).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(wanted, given) && expected != null;
  }
}
