package dev.sojourn.store.memory;

import dev.sojourn.store.Snapshot;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the store files beside each session: its deadline, in one of two {@link DeadlineIndex}es
 * (anonymous sessions apart, so that eviction looks only at those), and its user, in {@link
 * UserSessions}.
 *
 * <p>{@link #refile} runs inside the table's per-key {@code compute} of the session it moves, so
 * the moves of one ID are serialised; moves of different IDs and sweeps run concurrently (see the
 * two indexes for how they stay consistent).
 */
final class Indexes {
  private final DeadlineIndex anonymous;
  private final DeadlineIndex authenticated;
  private final UserSessions users = new UserSessions();

  /** Indexes whose deadline buckets are {@code bucketWidthMillis} wide. */
  Indexes(long bucketWidthMillis) {
    this.anonymous = new DeadlineIndex(bucketWidthMillis);
    this.authenticated = new DeadlineIndex(bucketWidthMillis);
  }

  /**
   * Moves {@code id} in the deadline and user indexes from what {@code before} filed to what {@code
   * after} needs (either may be null). Runs inside the per-key compute of {@code id}.
   */
  void refile(String id, @Nullable Snapshot before, @Nullable Snapshot after) {
    if (before != null && after != null && (before.user() == null) == (after.user() == null)) {
      deadlinesOf(before).move(id, before.expiresAtMillis(), after.expiresAtMillis());
    } else {
      if (before != null) {
        deadlinesOf(before).remove(id, before.expiresAtMillis());
      }
      if (after != null) {
        deadlinesOf(after).add(id, after.expiresAtMillis());
      }
    }
    String oldUser = before == null ? null : before.user();
    String newUser = after == null ? null : after.user();
    if (oldUser != null && !oldUser.equals(newUser)) {
      users.remove(oldUser, id);
    }
    if (newUser != null && !newUser.equals(oldUser)) {
      users.add(newUser, id);
    }
  }

  /** The deadline index that files {@code snapshot}: by whether a user is signed in. */
  DeadlineIndex deadlinesOf(Snapshot snapshot) {
    return snapshot.user() == null ? anonymous : authenticated;
  }

  /** The deadline index of anonymous sessions: the eviction candidates. */
  DeadlineIndex anonymous() {
    return anonymous;
  }

  /** The deadline index of signed-in sessions. */
  DeadlineIndex authenticated() {
    return authenticated;
  }

  /** Hands every ID due at {@code now} (and a few more) to {@code visitor}; see DeadlineIndex. */
  void sweep(long now, Consumer<String> visitor) {
    anonymous.sweep(now, visitor);
    authenticated.sweep(now, visitor);
  }

  /** The IDs filed under {@code user}; a copy, empty if none. */
  List<String> idsOf(String user) {
    return users.idsOf(user);
  }

  /** Number of IDs filed in the deadline indexes, counted; for tests. */
  long deadlineCount() {
    return anonymous.size() + authenticated.size();
  }

  /** Number of users in the user index; for tests. */
  int userCount() {
    return users.userCount();
  }
}
