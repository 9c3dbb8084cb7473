package dev.sojourn.store.memory;

import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.store.VersionConflictException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The sequential specification the Lincheck tests hold {@link MemoryStore} to: a plain map of ID to
 * (version, attributes, deadline, user), with the rules of {@code SessionChange.applyTo} and the
 * store contract, and a clock that is a plain field. Each method has the same name and parameters
 * as its operation in {@link MemoryStoreLincheckTest} and returns the same description, so that
 * Lincheck can compare the two.
 *
 * <p>Expired sessions are simply ignored, never swept: removing an expired session is invisible to
 * load, commit and drop, which is why {@code sweep()} is a no-op here.
 */
public final class StoreModel {
  /** The IDs the operations work on; at the start A is live and B expired but not yet swept. */
  static final String[] IDS = {"session-A", "session-B"};

  /** The IDs rotations move sessions to. */
  static final String[] TARGETS = {"session-T0", "session-T1"};

  /** The clock's start; the tests report deadlines relative to it. */
  static final long START = 1_000;

  /** The seeded session's TTL and the TTL of commits that take none as a parameter, in ms. */
  static final int FIXED_TTL = 2;

  /**
   * One stored session. A class, not a record: Lincheck reads the model's fields reflectively and
   * cannot do so for record components.
   */
  private static final class Entry {
    final String csrfToken;
    final long version;
    final long deadline;
    final @Nullable String user;
    final Map<String, String> attributes;

    Entry(
        String csrfToken,
        long version,
        long deadline,
        @Nullable String user,
        Map<String, String> attributes) {
      this.csrfToken = csrfToken;
      this.version = version;
      this.deadline = deadline;
      this.user = user;
      this.attributes = attributes;
    }

    Entry withChange(long newVersion, long newDeadline, Map<String, String> newAttributes) {
      return new Entry(csrfToken, newVersion, newDeadline, user, newAttributes);
    }
  }

  private final Map<String, Entry> sessions = new HashMap<>();
  private long now = START;

  /** The state every invocation starts from: see {@link StoreOperations#StoreOperations()}. */
  public StoreModel() {
    sessions.put(IDS[0], new Entry(csrfOf(IDS[0]), 1, START + FIXED_TTL, null, Map.of()));
    sessions.put(IDS[1], new Entry(csrfOf(IDS[1]), 1, START, null, Map.of()));
  }

  public @Nullable String load(int id) {
    return describeLive(IDS[id]);
  }

  public @Nullable String loadRotated(int target) {
    return describeLive(TARGETS[target]);
  }

  public String create(int id, int ttl) {
    String key = IDS[id];
    if (live(key) != null) {
      return IllegalStateException.class.getSimpleName();
    }
    sessions.put(key, new Entry(csrfOf(key), 1, now + ttl, null, Map.of()));
    return "v1";
  }

  public String put(int id, int value, int ttl) {
    return update(IDS[id], -1, value, ttl);
  }

  public String compareAndPut(int id, int version, int value) {
    return update(IDS[id], version, value, FIXED_TTL);
  }

  public String touch(int id, int ttl) {
    Entry current = live(IDS[id]);
    if (current == null) {
      return SessionNotFoundException.class.getSimpleName();
    }
    sessions.put(IDS[id], current.withChange(current.version, now + ttl, current.attributes));
    return "v" + current.version;
  }

  public String rotate(int id, int target) {
    String from = IDS[id];
    String to = TARGETS[target];
    if (live(to) != null) {
      return IllegalStateException.class.getSimpleName();
    }
    Entry current = live(from);
    if (current == null) {
      return SessionNotFoundException.class.getSimpleName();
    }
    long version = current.version + 1;
    sessions.remove(from);
    sessions.put(
        to, new Entry(csrfOf(to), version, now + FIXED_TTL, current.user, current.attributes));
    return "v" + version;
  }

  public boolean drop(int id) {
    Entry removed = sessions.remove(IDS[id]);
    return removed != null && removed.deadline > now;
  }

  public void sweep() {}

  public void advance(int step) {
    now += step;
  }

  private String update(String key, long expectedVersion, int value, int ttl) {
    Entry current = live(key);
    if (current == null) {
      return SessionNotFoundException.class.getSimpleName();
    }
    if (expectedVersion != -1 && expectedVersion != current.version) {
      return VersionConflictException.class.getSimpleName();
    }
    Map<String, String> attributes = new TreeMap<>(current.attributes);
    attributes.put("k", Integer.toString(value));
    long version = current.version + 1;
    sessions.put(key, current.withChange(version, now + ttl, Map.copyOf(attributes)));
    return "v" + version;
  }

  private @Nullable Entry live(String key) {
    Entry entry = sessions.get(key);
    return entry != null && entry.deadline > now ? entry : null;
  }

  private @Nullable String describeLive(String key) {
    Entry entry = live(key);
    if (entry == null) {
      return null;
    }
    return describe(entry.csrfToken, entry.version, entry.deadline, entry.user, entry.attributes);
  }

  /** The CSRF token the tests give a session stored under {@code id}. */
  static String csrfOf(String id) {
    return "csrf-" + id;
  }

  /** The one description both sides return for a live session. */
  static String describe(
      String csrfToken,
      long version,
      long deadline,
      @Nullable String user,
      Map<String, String> attributes) {
    return csrfToken
        + " v"
        + version
        + " deadline+"
        + (deadline - START)
        + " user="
        + user
        + " "
        + new TreeMap<>(attributes);
  }
}
