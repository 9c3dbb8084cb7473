package dev.sojourn.spring.boot;

import dev.sojourn.SessionManager;
import dev.sojourn.store.Snapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The Actuator {@code sessions} endpoint: a user's sessions, and ending them.
 *
 * <ul>
 *   <li>{@code GET /actuator/sessions?username=alice}: alice's live sessions, oldest first, each as
 *       a {@link SessionDescriptor} (reference, creation, last access, sign-in, deadline).
 *   <li>{@code DELETE /actuator/sessions/{reference}?username=alice}: ends that session of alice's;
 *       answers how many it ended (0 or 1).
 *   <li>{@code DELETE /actuator/sessions?username=alice}: ends every session of alice's ("sign out
 *       everywhere"); answers how many it ended.
 * </ul>
 *
 * <p><b>Where we differ from Spring Session's {@code sessions} endpoint, and why.</b> Spring
 * Session lists a user's sessions with their full session IDs and attribute names, reads one by ID
 * ({@code GET /actuator/sessions/{id}}) and deletes one by ID. A session ID is a bearer credential:
 * anyone who reads the endpoint's output (an operator, a log of the management port, a monitoring
 * tool) could sign in as the user. So this endpoint never shows an ID or a CSRF token: each session
 * has a {@linkplain #reference(String) reference}, a truncated SHA-256 of the ID under a label of
 * its own, which names the session without letting anyone use it or find its store key (the Redis
 * store's keys use a different digest). Because a reference cannot be turned back into an ID, a
 * session is found through its user's index, so every operation takes {@code username}; there is no
 * read by reference (the listing shows everything there is). Attribute names are not shown (they
 * say nothing an operator needs and may describe the user). The listing adds the sign-in time and
 * the deadline, which Spring Session leaves out.
 *
 * <p>Like every Actuator endpoint it is not exposed over HTTP until the application asks ({@code
 * management.endpoints.web.exposure.include=sessions}) and, with Spring Security, is protected as
 * the application protects the management endpoints: deleting a session signs a user out. Ending a
 * session through it is {@link SessionManager#revoke}: the {@code destroyed} event is delivered and
 * counted. Listing and ending one session need a store that can list sessions by user (the memory
 * store; Redis with {@code sojourn.store.redis.id-key}); on other stores they answer 400 with the
 * reason. Ending all of a user's sessions works on Redis without the key too, but then answers
 * {@code ended: 0}: that store cannot name the sessions it ended. Thread-safe.
 */
@Endpoint(id = "sessions")
public class SojournSessionsEndpoint {
  private static final byte[] LABEL =
      "sojourn actuator session reference\0".getBytes(StandardCharsets.US_ASCII);

  private final SessionManager manager;

  /**
   * An endpoint over {@code manager}'s store.
   *
   * @param manager the session manager whose sessions the endpoint lists and ends
   */
  public SojournSessionsEndpoint(SessionManager manager) {
    this.manager = manager;
  }

  /**
   * The live sessions of {@code username}, oldest first.
   *
   * @param username the user whose sessions to list
   * @return the sessions, without their IDs; empty if the user has none
   * @throws InvalidEndpointRequestException (answered 400) if the store cannot list sessions by
   *     user
   */
  @ReadOperation
  public SessionsDescriptor sessions(String username) {
    List<SessionDescriptor> sessions =
        sessionsOf(username).stream()
            .sorted(Comparator.comparingLong(Snapshot::createdAtMillis))
            .map(SessionDescriptor::of)
            .toList();
    return new SessionsDescriptor(sessions);
  }

  /**
   * Ends the session of {@code username} whose reference is {@code reference}, if it is live. A
   * reference of another user's session, or of none, ends nothing.
   *
   * @param reference the session's {@linkplain #reference(String) reference}
   * @param username the user the session belongs to
   * @return 1 if it ended the session, 0 if there was none to end
   * @throws InvalidEndpointRequestException (answered 400) if the store cannot list sessions by
   *     user
   */
  @DeleteOperation
  public Ended endSession(@Selector String reference, String username) {
    for (Snapshot snapshot : sessionsOf(username)) {
      if (reference(snapshot.id()).equals(reference)) {
        return new Ended(manager.revoke(username, snapshot.id()) ? 1 : 0);
      }
    }
    return new Ended(0);
  }

  /**
   * Ends every session of {@code username}.
   *
   * @param username the user to sign out everywhere
   * @return how many sessions it ended; always 0 on a Redis store without {@code
   *     sojourn.store.redis.id-key}, which cannot name the sessions it ended
   * @throws InvalidEndpointRequestException (answered 400) if the store cannot end sessions by user
   */
  @DeleteOperation
  public Ended endAllSessions(String username) {
    try {
      return new Ended(manager.revokeAll(username));
    } catch (UnsupportedOperationException e) {
      throw cannotList(e);
    }
  }

  private List<Snapshot> sessionsOf(String username) {
    try {
      return manager.sessionsOf(username);
    } catch (UnsupportedOperationException e) {
      throw cannotList(e);
    }
  }

  private static InvalidEndpointRequestException cannotList(UnsupportedOperationException e) {
    String reason = "the session store cannot list sessions by user: " + e.getMessage();
    return new InvalidEndpointRequestException(reason, reason, e);
  }

  /**
   * The reference the endpoint shows for session {@code id}: the first 16 characters (96 bits) of
   * the URL-safe base64 of SHA-256 over a fixed label and the ID. The same on every node; it cannot
   * be turned back into the ID, nor used in its place.
   *
   * @param id a session ID
   * @return its 16-character reference
   */
  public static String reference(String id) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    sha256.update(LABEL);
    byte[] digest = sha256.digest(id.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
  }

  /**
   * A user's sessions.
   *
   * @param sessions the sessions, oldest first
   */
  public record SessionsDescriptor(List<SessionDescriptor> sessions)
      implements OperationResponseBody {}

  /**
   * One session, without its ID or CSRF token.
   *
   * @param reference names the session for {@code DELETE /actuator/sessions/{reference}}
   * @param createdAt when it was created
   * @param lastAccessedAt the last write (a read writes the access time once per touch interval)
   * @param authenticatedAt when its user signed in; null if never
   * @param expiresAt its deadline: it is never served from this instant on
   */
  public record SessionDescriptor(
      String reference,
      Instant createdAt,
      Instant lastAccessedAt,
      @Nullable Instant authenticatedAt,
      Instant expiresAt) {
    static SessionDescriptor of(Snapshot snapshot) {
      return new SessionDescriptor(
          SojournSessionsEndpoint.reference(snapshot.id()),
          snapshot.createdAt(),
          snapshot.lastAccessedAt(),
          snapshot.authenticatedAt(),
          snapshot.expiresAt());
    }
  }

  /**
   * What a delete ended.
   *
   * @param ended how many sessions it ended
   */
  public record Ended(int ended) implements OperationResponseBody {}
}
