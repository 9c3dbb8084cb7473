package dev.sojourn.store.memory;

import java.util.Arrays;

/**
 * A concurrent set of session IDs that costs no object per member: the IDs sit in open-addressing
 * arrays (linear probing), about 8 bytes per member, where a {@code ConcurrentHashMap} key set
 * costs a 32-byte node and its table slot. The deadline index holds one per bucket, and every
 * stored session is in one of them, so this is per-session memory; it also spares every commit that
 * moves a session to a later bucket the allocation of a new node.
 *
 * <p>Members are spread over {@value #STRIPES} stripes by hash, each guarded by its own monitor, so
 * that commits filing into the same bucket (all commits of one quarter-interval do) rarely wait for
 * each other. {@link #members} copies stripe by stripe, each stripe's copy atomic: an ID added
 * after its stripe was copied is not in the copy, like a weakly consistent iterator.
 *
 * <p>No method calls out while holding a stripe's monitor, so callers may hold other locks (the
 * store calls {@link #add} and {@link #remove} inside its map's per-key {@code compute}) without
 * risking a lock-order inversion.
 *
 * <p>Thread-safe.
 */
final class IdSet {
  /** Stripes per set; a power of two. */
  static final int STRIPES = 16;

  private final Stripe[] stripes = new Stripe[STRIPES];

  IdSet() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /** Adds {@code id}; no change if present. */
  void add(String id) {
    int hash = hash(id);
    stripes[hash >>> 28].add(id, hash);
  }

  /** Removes {@code id}; no change if absent. */
  void remove(String id) {
    int hash = hash(id);
    stripes[hash >>> 28].remove(id, hash);
  }

  /** The number of members (each stripe counted atomically, the sum not). */
  int size() {
    int n = 0;
    for (Stripe stripe : stripes) {
      n += stripe.size();
    }
    return n;
  }

  /** The members, copied stripe by stripe; a fresh array. */
  String[] members() {
    String[][] parts = new String[STRIPES][];
    int n = 0;
    for (int i = 0; i < STRIPES; i++) {
      parts[i] = stripes[i].copy();
      n += parts[i].length;
    }
    String[] all = new String[n];
    int at = 0;
    for (String[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /** A well-mixed hash: the top four bits pick the stripe, the low bits the slot. */
  private static int hash(String id) {
    return id.hashCode() * 0x9E3779B9;
  }

  /** One stripe: an open-addressing table of IDs, with tombstones for removed ones. */
  private static final class Stripe {
    private static final int MINIMUM_CAPACITY = 4;

    /** Marks a removed member, so that probes for later members go on past it; by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified") // a distinct instance is the point
    private static final String TOMBSTONE = new String("removed");

    private String[] slots = new String[MINIMUM_CAPACITY];
    private int live;
    private int used; // live members plus tombstones

    synchronized void add(String id, int hash) {
      if ((used + 1) * 4 > slots.length * 3) {
        rehash(live + 1);
      }
      int mask = slots.length - 1;
      int tombstone = -1;
      for (int i = hash & mask; ; i = (i + 1) & mask) {
        String slot = slots[i];
        if (slot == null) {
          if (tombstone >= 0) {
            slots[tombstone] = id;
          } else {
            slots[i] = id;
            used++;
          }
          live++;
          return;
        }
        if (slot == TOMBSTONE) {
          if (tombstone < 0) {
            tombstone = i;
          }
        } else if (slot.equals(id)) {
          return;
        }
      }
    }

    synchronized void remove(String id, int hash) {
      int mask = slots.length - 1;
      for (int i = hash & mask; ; i = (i + 1) & mask) {
        String slot = slots[i];
        if (slot == null) {
          return;
        }
        if (slot != TOMBSTONE && slot.equals(id)) {
          live--;
          if (live == 0) {
            // Nothing left to probe past: clear the tombstones instead of keeping them.
            Arrays.fill(slots, null);
            used = 0;
          } else {
            slots[i] = TOMBSTONE;
          }
          return;
        }
      }
    }

    synchronized int size() {
      return live;
    }

    synchronized String[] copy() {
      String[] copy = new String[live];
      int n = 0;
      for (String slot : slots) {
        if (slot != null && slot != TOMBSTONE) {
          copy[n++] = slot;
        }
      }
      return copy;
    }

    /** Rebuilds the table without tombstones, sized for {@code members} at most half full. */
    private void rehash(int members) {
      int capacity = MINIMUM_CAPACITY;
      while (capacity < members * 2) {
        capacity <<= 1;
      }
      String[] old = slots;
      slots = new String[capacity];
      int mask = capacity - 1;
      for (String id : old) {
        if (id != null && id != TOMBSTONE) {
          int i = hash(id) & mask;
          while (slots[i] != null) {
            i = (i + 1) & mask;
          }
          slots[i] = id;
        }
      }
      used = live;
    }
  }
}
