package dev.sojourn.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script shipped with this module: its source and the SHA-1 that EVALSHA names it by. */
final class Script {
  static final Script COMMIT = load("commit.lua");
  static final Script DROP = load("drop.lua");
  static final Script TAKE = load("take.lua");
  static final Script RESTORE = load("restore.lua");
  static final Script INDEX = load("index.lua");
  static final Script LIST = load("list.lua");
  static final Script REVOKE = load("revoke.lua");
  static final Script REVOKE_ONE = load("revoke_one.lua");
  static final Script SWEEP = load("sweep.lua");
  static final Script LEASE = load("lease.lua");

  final String name;
  final byte[] source;
  final String sha1;

  private Script(String name, byte[] source) {
    this.name = name;
    this.source = source;
    try {
      this.sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-1", e);
    }
  }

  private static Script load(String name) {
    try (InputStream in = Script.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "script " + name + " is missing from the sojourn-redis jar");
      }
      return new Script(name, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read script " + name, e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
