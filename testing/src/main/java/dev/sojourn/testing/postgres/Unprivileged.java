package dev.sojourn.testing.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Running PostgreSQL as an unprivileged user when this JVM is root: the command prefix that drops
 * privileges, and handing a directory over to that user.
 */
final class Unprivileged {
  private Unprivileged() {}

  /** Whether this process runs as uid 0. */
  static boolean isRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /**
   * The command prefix that runs a program as {@code user} when we are root ({@code setpriv}, else
   * {@code runuser}); empty when we are not root.
   *
   * @throws IllegalStateException when root and neither tool exists
   */
  static List<String> prefix(String user) {
    if (!isRoot()) {
      return List.of();
    }
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      Path setpriv = Path.of(dir, "setpriv");
      if (Files.isExecutable(setpriv)) {
        return List.of(
            setpriv.toString(),
            "--reuid=" + user,
            "--regid=" + group(user),
            "--clear-groups",
            "--");
      }
    }
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      Path runuser = Path.of(dir, "runuser");
      if (Files.isExecutable(runuser)) {
        return List.of(runuser.toString(), "-u", user, "--");
      }
    }
    throw new IllegalStateException(
        "PostgreSQL refuses to run as root, and neither setpriv nor runuser (util-linux) is"
            + " installed to run it as '"
            + user
            + "': install util-linux or run the tests as another user");
  }

  /** The primary group to run as: Debian's "nogroup", else a group named like the user. */
  private static String group(String user) {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/group"))) {
        if (line.startsWith("nogroup:")) {
          return "nogroup";
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return user;
  }

  /** Gives {@code dir} and everything in it to {@code user} (null: leave it as it is). */
  static void handOver(Path dir, @Nullable String user) throws IOException {
    if (user == null) {
      return;
    }
    UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal owner = lookup.lookupPrincipalByName(user);
    GroupPrincipal group = lookup.lookupPrincipalByGroupName(group(user));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        PosixFileAttributeView view =
            Files.getFileAttributeView(
                file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setOwner(owner);
        view.setGroup(group);
      }
    }
  }
}
