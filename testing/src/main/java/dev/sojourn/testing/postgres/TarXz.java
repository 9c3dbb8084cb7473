package dev.sojourn.testing.postgres;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks an xz-compressed tar archive (the {@code .txz} inside the zonky binaries jar): regular
 * files with their mode, directories, symbolic and hard links, GNU long names and POSIX pax paths.
 * Refuses an entry whose path or link leaves the target directory.
 */
final class TarXz {
  private static final int BLOCK = 512;

  private TarXz() {}

  static void extract(InputStream compressed, Path target) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    try (InputStream in = new XZInputStream(compressed)) {
      byte[] header = new byte[BLOCK];
      @Nullable String longName = null;
      @Nullable String longLink = null;
      while (true) {
        if (!readBlock(in, header)) {
          return;
        }
        if (isZero(header)) {
          return;
        }
        char type = (char) header[156];
        long size = octal(header, 124, 12);
        String name = longName != null ? longName : name(header);
        String link = longLink != null ? longLink : text(header, 157, 100);
        longName = null;
        longLink = null;
        switch (type) {
          case 'L' -> longName = trimNul(new String(body(in, size), StandardCharsets.UTF_8));
          case 'K' -> longLink = trimNul(new String(body(in, size), StandardCharsets.UTF_8));
          case 'x' -> {
            String pax = new String(body(in, size), StandardCharsets.UTF_8);
            longName = paxValue(pax, "path");
            longLink = paxValue(pax, "linkpath");
          }
          case 'g' -> skip(in, size);
          case '5' -> Files.createDirectories(inside(root, name));
          case '2' -> {
            Path file = inside(root, name);
            inside(root, parent(file).resolve(link).toString());
            Files.createDirectories(parent(file));
            Files.deleteIfExists(file);
            Files.createSymbolicLink(file, Path.of(link));
          }
          case '1' -> {
            Path file = inside(root, name);
            Files.createDirectories(parent(file));
            Files.copy(inside(root, link), file, StandardCopyOption.REPLACE_EXISTING);
          }
          case '0', '\0', '7' -> {
            Path file = inside(root, name);
            Files.createDirectories(parent(file));
            try (var out = Files.newOutputStream(file)) {
              copy(in, out, size);
            }
            skip(in, padding(size));
            Files.setPosixFilePermissions(file, permissions(octal(header, 100, 8)));
          }
          default -> skip(in, size + padding(size));
        }
      }
    }
  }

  private static Path inside(Path root, String name) throws IOException {
    Path path = root.resolve(name).normalize();
    if (!path.startsWith(root)) {
      throw new IOException("archive entry leaves the target directory: " + name);
    }
    return path;
  }

  private static Path parent(Path file) throws IOException {
    Path parent = file.getParent();
    if (parent == null) {
      throw new IOException("archive entry has no parent directory: " + file);
    }
    return parent;
  }

  private static Set<PosixFilePermission> permissions(long mode) {
    Set<PosixFilePermission> set = EnumSet.of(PosixFilePermission.OWNER_READ);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1L << i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  private static @Nullable String paxValue(String pax, String key) {
    for (String record : pax.split("\n", -1)) {
      int space = record.indexOf(' ');
      int equals = record.indexOf('=');
      if (space > 0 && equals > space && record.substring(space + 1, equals).equals(key)) {
        return record.substring(equals + 1);
      }
    }
    return null;
  }

  private static String name(byte[] header) {
    String name = text(header, 0, 100);
    String prefix = text(header, 345, 155);
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static String trimNul(String value) {
    int nul = value.indexOf('\0');
    return nul < 0 ? value : value.substring(0, nul);
  }

  private static long octal(byte[] header, int offset, int length) throws IOException {
    String digits = text(header, offset, length).trim();
    try {
      return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    } catch (NumberFormatException e) {
      throw new IOException("malformed tar header number: '" + digits + "'", e);
    }
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static byte[] body(InputStream in, long size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    copy(in, out, size);
    skip(in, padding(size));
    return out.toByteArray();
  }

  private static void copy(InputStream in, java.io.OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        throw new EOFException("tar archive ends inside an entry");
      }
      out.write(buffer, 0, read);
      left -= read;
    }
  }

  private static void skip(InputStream in, long size) throws IOException {
    copy(in, java.io.OutputStream.nullOutputStream(), size);
  }

  private static boolean readBlock(InputStream in, byte[] block) throws IOException {
    int filled = 0;
    while (filled < block.length) {
      int read = in.read(block, filled, block.length - filled);
      if (read < 0) {
        if (filled == 0) {
          return false;
        }
        throw new EOFException("tar archive ends inside a header");
      }
      filled += read;
    }
    return true;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
