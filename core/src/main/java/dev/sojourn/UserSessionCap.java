package dev.sojourn;

import dev.sojourn.store.Snapshot;
import dev.sojourn.store.UserIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The per-user session cap: which of a user's sessions a sign-in must end ({@link
 * MaxSessionsPolicy#END_OLDEST}), or whether it must be refused ({@link MaxSessionsPolicy#REFUSE}).
 * Reads the store's {@link UserIndex}; ending and refusing is {@link SessionManager}'s. Immutable.
 */
final class UserSessionCap {
  private final int maximum;
  private final MaxSessionsPolicy policy;
  private final UserIndex index;

  UserSessionCap(int maximum, MaxSessionsPolicy policy, UserIndex index) {
    this.maximum = maximum;
    this.policy = policy;
    this.index = index;
  }

  int maximum() {
    return maximum;
  }

  boolean refuses() {
    return policy == MaxSessionsPolicy.REFUSE;
  }

  /**
   * Before a commit that signs {@code user} in ({@code REFUSE} only): throws if the user has the
   * maximum already, not counting {@code storedId} (the session signing in, if it is stored).
   */
  void admit(String user, @Nullable String storedId) {
    if (refuses() && othersOf(user, storedId) >= maximum) {
      throw new TooManySessionsException(user, maximum, "the sign-in was not stored");
    }
  }

  /**
   * After the commit ({@code REFUSE} only): whether the user has the maximum besides {@code ownId},
   * because a concurrent sign-in passed {@link #admit} at the same time.
   */
  boolean lostTheRace(String user, String ownId) {
    return othersOf(user, ownId) >= maximum;
  }

  /**
   * After the commit ({@code END_OLDEST} only): the IDs of the user's sessions beyond the newest
   * {@code maximum}, oldest sign-in first; {@code ownId} (just signed in) sorts last among equal
   * sign-in times, the ID breaks the remaining ties, so concurrent sign-ins agree on the order.
   */
  List<String> surplus(String user, String ownId) {
    List<Snapshot> sessions = new ArrayList<>(index.sessionsOf(user));
    if (sessions.size() <= maximum) {
      return List.of();
    }
    sessions.sort(
        Comparator.comparingLong(Snapshot::authenticatedAtMillis)
            .thenComparing(s -> s.id().equals(ownId))
            .thenComparing(Snapshot::id));
    List<String> ended = new ArrayList<>();
    for (Snapshot snapshot : sessions.subList(0, sessions.size() - maximum)) {
      ended.add(snapshot.id());
    }
    return ended;
  }

  private int othersOf(String user, @Nullable String exceptId) {
    int others = 0;
    for (Snapshot snapshot : index.sessionsOf(user)) {
      if (!snapshot.id().equals(exceptId)) {
        others++;
      }
    }
    return others;
  }

  @Override
  public String toString() {
    return "maxSessionsPerUser(" + maximum + ", " + policy + ")";
  }
}
