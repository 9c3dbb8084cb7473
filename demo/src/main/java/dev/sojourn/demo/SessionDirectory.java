package dev.sojourn.demo;

import java.time.Instant;
import java.util.List;

/** Lists and revokes a user's sessions, for {@code /sessions}. Thread-safe. */
interface SessionDirectory {
  /**
   * One live session of a user.
   *
   * @param id the session ID (never shown to anyone: the page shows only which one is "this")
   * @param createdAt when it was created
   * @param lastSeenAt when a request last wrote it
   */
  record Entry(String id, Instant createdAt, Instant lastSeenAt) {}

  /** The user's live sessions, oldest first. */
  List<Entry> sessionsOf(String user);

  /** Ends every session of {@code user} but {@code keepId}; returns how many it ended. */
  int revokeOthers(String user, String keepId);
}
