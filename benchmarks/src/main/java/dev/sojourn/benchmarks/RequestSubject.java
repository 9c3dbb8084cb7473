package dev.sojourn.benchmarks;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One session implementation on an external store, driven the way its servlet filter drives it for
 * one request that carries a session cookie: load the session, set one attribute if the request
 * writes, and commit. Sessions hold an ID, a CSRF token, a signed-in user and one small attribute.
 * {@link JdbcSubject} and {@link RedisSubject} open one on PostgreSQL or on Redis; {@link
 * SojournRequestSubject} and {@link SpringRequestSubject} hold what each implementation does the
 * same on either. Neither implementation's background cleanup runs: it is no part of a request.
 */
interface RequestSubject extends AutoCloseable {
  /** The one small application attribute every session holds. */
  String ATTRIBUTE = "cart";

  /** Idle timeout of the benchmark sessions: no session expires during a run. */
  Duration TTL = Duration.ofMinutes(30);

  /** The implementations, in the order they are reported. */
  String[] NAMES = {"sojourn", "spring"};

  /**
   * The subject {@code sojourn} or {@code spring} (in any case) names.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static <S extends RequestSubject> S choose(
      String impl, Supplier<? extends S> sojourn, Supplier<? extends S> spring) {
    switch (impl.toLowerCase(Locale.ROOT)) {
      case "sojourn":
        return sojourn.get();
      case "spring":
        return spring.get();
      default:
        throw new IllegalArgumentException(
            "unknown impl '" + impl + "': expected sojourn or spring");
    }
  }

  /** Stores a signed-in session: ID, CSRF token, user and {@link #ATTRIBUTE}. */
  void preload(String id, String csrfToken, String user, String value);

  /**
   * One request: loads the session, sets {@link #ATTRIBUTE} to {@code value} if {@code write}, and
   * commits as the implementation's filter does at the end of a request.
   *
   * @throws IllegalStateException if the session is not stored
   */
  void request(String id, boolean write, String value);

  /** Loads the session (as a request would) and returns its {@link #ATTRIBUTE}, or null. */
  @Nullable Object attribute(String id);

  /** Closes the implementation and its connections; the store it ran on stays up. */
  @Override
  void close();
}
