package dev.sojourn.store.memory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which session IDs belong to which user. A user with one session, by far the common case, costs
 * one map entry whose value is the ID itself; a set replaces it from the second session on, and the
 * entry goes when the last session does, so nothing leaks.
 *
 * <p>Each change runs inside this map's per-user {@code compute}; the store calls it from inside
 * its own per-session {@code compute}, always in that order (session, then user), so no two locks
 * are ever taken in opposite orders.
 */
final class UserSessions {
  private final ConcurrentHashMap<String, Object> byUser = new ConcurrentHashMap<>();

  void add(String user, String id) {
    byUser.compute(
        user,
        (u, ids) -> {
          if (ids == null) {
            return id;
          }
          if (ids instanceof String single) {
            if (single.equals(id)) {
              return single;
            }
            Set<String> set = ConcurrentHashMap.newKeySet(4);
            set.add(single);
            set.add(id);
            return set;
          }
          setOf(ids).add(id);
          return ids;
        });
  }

  void remove(String user, String id) {
    byUser.computeIfPresent(
        user,
        (u, ids) -> {
          if (ids instanceof String single) {
            return single.equals(id) ? null : single;
          }
          Set<String> set = setOf(ids);
          set.remove(id);
          return set.isEmpty() ? null : set;
        });
  }

  /** The IDs filed under {@code user}; a copy, empty if none. */
  List<String> idsOf(String user) {
    Object ids = byUser.get(user);
    if (ids == null) {
      return List.of();
    }
    if (ids instanceof String single) {
      return List.of(single);
    }
    return List.copyOf(setOf(ids));
  }

  /** The number of users with at least one session; for tests. */
  int userCount() {
    return byUser.size();
  }

  @SuppressWarnings("unchecked")
  private static Set<String> setOf(Object ids) {
    return (Set<String>) ids;
  }
}
