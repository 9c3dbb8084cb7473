package dev.sojourn.store.memory;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which session IDs belong to which user. A user with one session, by far the common case, costs
 * two array slots whose values are the user's own name and the ID itself (about 16 bytes, where a
 * {@code ConcurrentHashMap} entry costs a 32-byte node and its table slot); a set replaces the ID
 * from the second session on, and the user goes with the last of their sessions, so nothing leaks.
 *
 * <p>Users are spread over {@value #STRIPES} stripes by hash, each an open-addressing table (linear
 * probing, parallel arrays of users and IDs) guarded by its own monitor, which also guards the sets
 * it holds. The store calls {@link #add} and {@link #remove} from inside its own per-session {@code
 * compute}, always in that order (session, then user), and nothing here calls out while holding a
 * stripe's monitor, so no two locks are ever taken in opposite orders.
 *
 * <p>Thread-safe.
 */
final class UserSessions {
  /** Stripes; a power of two. */
  static final int STRIPES = 16;

  private final Stripe[] stripes = new Stripe[STRIPES];

  UserSessions() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  void add(String user, String id) {
    int hash = hash(user);
    stripes[hash >>> 28].add(user, id, hash);
  }

  void remove(String user, String id) {
    int hash = hash(user);
    stripes[hash >>> 28].remove(user, id, hash);
  }

  /** The IDs filed under {@code user}; a copy, empty if none. */
  List<String> idsOf(String user) {
    int hash = hash(user);
    return stripes[hash >>> 28].idsOf(user, hash);
  }

  /** The number of users with at least one session; for tests. */
  int userCount() {
    int n = 0;
    for (Stripe stripe : stripes) {
      n += stripe.size();
    }
    return n;
  }

  /** A well-mixed hash: the top four bits pick the stripe, the low bits the slot. */
  private static int hash(String user) {
    return user.hashCode() * 0x9E3779B9;
  }

  /**
   * One stripe: users and their IDs (a {@code String}, or a {@code Set<String>} of two or more).
   */
  private static final class Stripe {
    private static final int MINIMUM_CAPACITY = 4;

    /** Marks a removed user, so that probes for later users go on past it; by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified") // a distinct instance is the point
    private static final String TOMBSTONE = new String("removed");

    private String[] users = new String[MINIMUM_CAPACITY];
    private Object[] ids = new Object[MINIMUM_CAPACITY];
    private int live;
    private int used; // live users plus tombstones

    synchronized void add(String user, String id, int hash) {
      int found = find(user, hash);
      if (found >= 0) {
        Object filed = ids[found];
        if (filed instanceof String single) {
          if (!single.equals(id)) {
            Set<String> set = new HashSet<>(4);
            set.add(single);
            set.add(id);
            ids[found] = set;
          }
        } else {
          setOf(filed).add(id);
        }
        return;
      }
      if ((used + 1) * 4 > users.length * 3) {
        rehash(live + 1);
      }
      int mask = users.length - 1;
      int tombstone = -1;
      int i = hash & mask;
      while (users[i] != null) {
        if (users[i] == TOMBSTONE && tombstone < 0) {
          tombstone = i;
        }
        i = (i + 1) & mask;
      }
      if (tombstone >= 0) {
        i = tombstone;
      } else {
        used++;
      }
      users[i] = user;
      ids[i] = id;
      live++;
    }

    synchronized void remove(String user, String id, int hash) {
      int found = find(user, hash);
      if (found < 0) {
        return;
      }
      Object filed = ids[found];
      if (filed instanceof String single) {
        if (single.equals(id)) {
          delete(found);
        }
        return;
      }
      Set<String> set = setOf(filed);
      set.remove(id);
      if (set.isEmpty()) {
        delete(found);
      }
    }

    synchronized List<String> idsOf(String user, int hash) {
      int found = find(user, hash);
      if (found < 0) {
        return List.of();
      }
      Object filed = ids[found];
      return filed instanceof String single ? List.of(single) : List.copyOf(setOf(filed));
    }

    synchronized int size() {
      return live;
    }

    /** The slot holding {@code user}, or -1. */
    private int find(String user, int hash) {
      int mask = users.length - 1;
      for (int i = hash & mask; users[i] != null; i = (i + 1) & mask) {
        if (users[i] != TOMBSTONE && users[i].equals(user)) {
          return i;
        }
      }
      return -1;
    }

    private void delete(int slot) {
      live--;
      if (live == 0) {
        // Nothing left to probe past: clear the tombstones instead of keeping them.
        Arrays.fill(users, null);
        Arrays.fill(ids, null);
        used = 0;
      } else {
        users[slot] = TOMBSTONE;
        ids[slot] = null;
      }
    }

    /** Rebuilds the table without tombstones, sized for {@code members} at most half full. */
    private void rehash(int members) {
      int capacity = MINIMUM_CAPACITY;
      while (capacity < members * 2) {
        capacity <<= 1;
      }
      String[] oldUsers = users;
      Object[] oldIds = ids;
      users = new String[capacity];
      ids = new Object[capacity];
      int mask = capacity - 1;
      for (int j = 0; j < oldUsers.length; j++) {
        String user = oldUsers[j];
        if (user != null && user != TOMBSTONE) {
          int i = hash(user) & mask;
          while (users[i] != null) {
            i = (i + 1) & mask;
          }
          users[i] = user;
          ids[i] = oldIds[j];
        }
      }
      used = live;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> setOf(Object ids) {
      return (Set<String>) ids;
    }
  }
}
