package dev.sojourn.testing.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds a {@code redis-server} executable: the system property {@code sojourn.redis.server} if set
 * (a path, or {@code embedded} to force the shipped binary), else {@code redis-server} on {@code
 * PATH}, else the linux x86-64 binary shipped inside {@code com.github.codemonstur:embedded-redis}
 * (Redis 6.2, dynamically linked against glibc and OpenSSL 3), extracted once per JVM to a temp
 * file.
 */
public final class RedisBinary {
  /** The resource name of the linux x86-64 binary inside the embedded-redis jar. */
  static final String EMBEDDED_LINUX_AMD64 = "redis-server-6.2.6-v5-linux-amd64";

  private static @Nullable Path extracted;

  private RedisBinary() {}

  /**
   * Returns the binary the tests use (see the class comment for the order). A configured path is
   * returned as given, without checking that it exists.
   *
   * @return the path of the {@code redis-server} executable
   * @throws IllegalStateException if there is none for this machine
   */
  public static Path locate() {
    String configured = System.getProperty("sojourn.redis.server", "");
    if (configured.equals("embedded")) {
      return embedded();
    }
    if (!configured.isEmpty()) {
      return Path.of(configured);
    }
    return onPath("redis-server").orElseGet(RedisBinary::embedded);
  }

  /**
   * Finds a {@code valkey-server} (Valkey 7.2+ speaks the Redis 7.2 protocol, {@code WAITAOF}
   * included), for the tests that need a newer server than the embedded Redis 6.2: the system
   * property {@code sojourn.valkey.server} ({@code none} for none), else the environment variable
   * {@code VALKEY_SERVER}, else {@code valkey-server} on {@code PATH}.
   *
   * @return the executable, or empty if there is none (a test then skips, saying so)
   */
  public static java.util.Optional<Path> valkey() {
    String configured = System.getProperty("sojourn.valkey.server", "");
    if (configured.isEmpty()) {
      configured = java.util.Objects.requireNonNullElse(System.getenv("VALKEY_SERVER"), "");
    }
    if (configured.equals("none")) {
      return java.util.Optional.empty();
    }
    if (!configured.isEmpty()) {
      return java.util.Optional.of(Path.of(configured));
    }
    return onPath("valkey-server");
  }

  private static java.util.Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return java.util.Optional.of(candidate);
        }
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * Extracts (once per JVM) and returns the linux x86-64 {@code redis-server} shipped inside
   * embedded-redis. Thread-safe.
   *
   * @return the extracted executable, the same path on every call in this JVM
   * @throws IllegalStateException if this is not linux on x86-64 or the jar is not on the path
   */
  public static synchronized Path embedded() {
    if (extracted != null) {
      return extracted;
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IllegalStateException(
          "no redis-server on PATH, and the embedded one is linux x86-64 only (this is "
              + os
              + "/"
              + arch
              + "): install redis-server");
    }
    ClassLoader loader = RedisBinary.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(EMBEDDED_LINUX_AMD64)) {
      if (in == null) {
        throw new IllegalStateException(
            "no redis-server on PATH, and resource "
                + EMBEDDED_LINUX_AMD64
                + " not found: is com.github.codemonstur:embedded-redis on the test path?");
      }
      Path file = Files.createTempFile("sojourn-redis-server-", "");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      if (!file.toFile().setExecutable(true, true)) {
        throw new IllegalStateException("cannot make " + file + " executable");
      }
      file.toFile().deleteOnExit();
      extracted = file;
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the embedded redis-server", e);
    }
  }
}
