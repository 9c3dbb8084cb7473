package dev.sojourn.redis;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import java.time.Duration;
import java.time.InstantSource;

/** Creates signed-in sessions for the durable-writes tests: one place for the shape they share. */
final class SignedIn {
  /** The sessions' time to live: far longer than any test runs. */
  static final Duration TTL = Duration.ofMinutes(30);

  private SignedIn() {}

  /** Stores a new session of {@code user} under a fresh ID and returns the ID. */
  static String create(RedisStore store, TokenGenerator tokens, InstantSource clock, String user) {
    String id = tokens.next();
    store.commit(
        SessionChange.create(id, tokens.next(), clock.millis())
            .user(user, clock.millis())
            .ttl(TTL)
            .build());
    return id;
  }
}
