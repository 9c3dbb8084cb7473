package dev.sojourn.redis;

import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where expiry events keep their records: deadline-ordered sets (members session digests, scores
 * deadlines) and the sweeper lease.
 *
 * <p>Standalone Redis: one set, {@code <prefix>e}. Redis Cluster: one set per slot, {@code
 * <prefix>e:{<tag>}}, the tag being a short string that hashes to the same slot as the session's
 * own key (whose hash tag is its digest): a commit script can only write keys of its session's
 * slot, so the set must live there for the ZADD to ride inside the commit, at no extra round trip.
 * Sessions spread over all 16,384 slots (changing that would move every session key), so a Cluster
 * sweep reads 16,384 sets: one ZRANGEBYSCORE each, pipelined, 32 round trips in all. Thread-safe.
 */
final class DeadlineSets {
  private static volatile String @Nullable [] tags;

  private final String prefix;
  private final boolean cluster;
  private volatile @Nullable List<byte[]> all;

  DeadlineSets(String prefix, boolean cluster) {
    this.prefix = prefix;
    this.cluster = cluster;
  }

  /** The deadline set that holds the session with this digest. */
  byte[] setFor(String digest) {
    if (!cluster) {
      return bytes(prefix + "e");
    }
    return bytes(prefix + "e:{" + tags()[SlotHash.getSlot(digest)] + "}");
  }

  /** Every deadline set: one on standalone, one per slot (in slot order) on Cluster. */
  List<byte[]> all() {
    List<byte[]> known = all;
    if (known != null) {
      return known;
    }
    List<byte[]> sets = new ArrayList<>(cluster ? SlotHash.SLOT_COUNT : 1);
    if (!cluster) {
      sets.add(bytes(prefix + "e"));
    } else {
      for (String tag : tags()) {
        sets.add(bytes(prefix + "e:{" + tag + "}"));
      }
    }
    known = java.util.Collections.unmodifiableList(sets);
    all = known;
    return known;
  }

  /** The sweeper lease: at most one node sweeps while another holds it. */
  byte[] lease() {
    return bytes(prefix + "sweeper");
  }

  /**
   * For every slot, the shortest base-36 number whose text hashes to it: found once per JVM by
   * counting up until every slot has one (about 170,000 CRC16s, a few milliseconds).
   */
  static String[] tags() {
    String[] found = tags;
    if (found != null) {
      return found;
    }
    String[] table = new String[SlotHash.SLOT_COUNT];
    int missing = table.length;
    for (int n = 0; missing > 0; n++) {
      String tag = Integer.toString(n, 36);
      int slot = SlotHash.getSlot(tag);
      if (table[slot] == null) {
        table[slot] = tag;
        missing--;
      }
    }
    tags = table;
    return table;
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
