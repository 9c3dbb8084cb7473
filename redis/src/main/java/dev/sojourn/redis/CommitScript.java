package dev.sojourn.redis;

import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.StoreException;
import dev.sojourn.store.VersionConflictException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the arguments of {@code commit.lua} for one change, and reads its reply. */
final class CommitScript {
  private CommitScript() {}

  /**
   * The ARGV of commit.lua (see its header).
   *
   * @param base field/value pairs to place at the destination first (cluster rotation), or empty
   */
  static byte[][] args(
      SessionChange change,
      long now,
      long deadline,
      long keyTtl,
      String userIndex,
      boolean inlineIndex,
      String sourceMember,
      String destinationMember,
      byte[] sealedId,
      List<byte[]> base) {
    List<byte[]> args = new ArrayList<>();
    add(args, SessionHash.LAYOUT_VERSION);
    add(args, Long.toString(now));
    add(args, Long.toString(deadline));
    add(args, Long.toString(keyTtl));
    add(args, change.kind() == SessionChange.Kind.CREATE ? "C" : "U");
    add(args, Long.toString(base.isEmpty() ? change.expectedVersion() : SessionChange.ANY_VERSION));
    String csrf = change.csrfToken();
    args.add(csrf == null ? new byte[0] : SessionHash.csrfField(csrf));
    add(args, Long.toString(change.createdAtMillis()));
    add(args, change.userChanged() ? "1" : "0");
    String user = change.user();
    add(args, user == null ? "" : user);
    add(args, Long.toString(change.authenticatedAtMillis()));
    add(args, userIndex);
    add(args, Long.toString(change.lastAccessedAtMillis()));
    add(args, change.clearAttributes() ? "1" : "0");
    add(args, change.changesData() ? "1" : "0");
    add(args, inlineIndex ? "1" : "0");
    add(args, sourceMember);
    add(args, destinationMember);
    add(args, Integer.toString(base.size() / 2));
    add(args, Integer.toString(change.puts().size()));
    args.add(sealedId);
    add(args, idleTimeoutArgument(change));
    args.add(change.commitId());
    args.addAll(base);
    for (Map.Entry<String, byte[]> put : change.puts().entrySet()) {
      add(args, SessionHash.ATTRIBUTE_PREFIX + put.getKey());
      args.add(put.getValue());
    }
    for (String removal : change.removals()) {
      add(args, SessionHash.ATTRIBUTE_PREFIX + removal);
    }
    return args.toArray(byte[][]::new);
  }

  /** ARGV[22]: '' keeps the stored own idle timeout, "0" removes it, a number sets it. */
  private static String idleTimeoutArgument(SessionChange change) {
    if (!change.idleTimeoutChanged()) {
      return change.kind() == SessionChange.Kind.CREATE ? "0" : "";
    }
    return Long.toString(change.idleTimeoutMillis());
  }

  private static void add(List<byte[]> args, String value) {
    args.add(value.getBytes(StandardCharsets.UTF_8));
  }

  /** What a successful commit script returned. */
  record Applied(long version, String userIndex) {}

  /**
   * Interprets commit.lua's reply.
   *
   * @throws SessionNotFoundException, VersionConflictException, IllegalStateException as the store
   *     contract says
   */
  static Applied read(List<Object> reply, long expectedVersion) {
    long status = number(reply, 0);
    if (status == 0) {
      return new Applied(number(reply, 1), text(reply, 2));
    }
    if (status == 1) {
      throw new SessionNotFoundException("commit");
    }
    if (status == 2) {
      throw new VersionConflictException(expectedVersion, number(reply, 1));
    }
    if (status == 3) {
      throw new IllegalStateException("a live session already exists under the new session id");
    }
    if (status == 4) {
      throw new SessionNotFoundException("commit (the session was revoked while it rotated)");
    }
    throw new StoreException("commit script returned unknown status " + status);
  }

  static long number(List<Object> reply, int index) {
    if (reply.size() <= index || !(reply.get(index) instanceof Long value)) {
      throw new StoreException("unexpected script reply " + describe(reply));
    }
    return value;
  }

  static String text(List<Object> reply, int index) {
    if (reply.size() <= index || !(reply.get(index) instanceof byte[] value)) {
      throw new StoreException("unexpected script reply " + describe(reply));
    }
    return new String(value, StandardCharsets.UTF_8);
  }

  private static String describe(List<Object> reply) {
    List<String> items = new ArrayList<>();
    for (Object item : reply) {
      items.add(
          item instanceof byte[] bytes ? "bytes[" + bytes.length + "]" : String.valueOf(item));
    }
    return items.toString();
  }
}
