package dev.sojourn.benchmarks;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.session.Session;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.SessionRepository;

/**
 * Spring Session: a {@link SessionRepository} used as {@code SessionRepositoryFilter} uses it:
 * {@code findById}, set the last access time, maybe set an attribute, {@code save}. The CSRF token
 * is a session attribute, as Spring Security keeps it, and so is the user, under the name the
 * subclass gives. A subclass builds the repository with {@link #PRELOAD_IDS} and closes it.
 */
abstract class SpringRequestSubject implements RequestSubject {
  static final String CSRF = "_csrf";

  private static final ThreadLocal<String> NEXT_ID = new ThreadLocal<>();

  /**
   * The ID generator of the repository: preloading stores the shared benchmark IDs, where Spring
   * otherwise draws random UUIDs; creating a session outside {@link #preload} fails.
   */
  static final SessionIdGenerator PRELOAD_IDS =
      () -> {
        String id = NEXT_ID.get();
        if (id == null) {
          throw new IllegalStateException("no preload ID set");
        }
        return id;
      };

  // Its session type is used through the SPI, as SessionRepositoryFilter does.
  private final SessionRepository<?> repository;
  private final String userAttribute;

  SpringRequestSubject(SessionRepository<?> repository, String userAttribute) {
    this.repository = repository;
    this.userAttribute = userAttribute;
  }

  @Override
  public void preload(String id, String csrfToken, String user, String value) {
    NEXT_ID.set(id);
    try {
      create(repository, csrfToken, user, value);
    } finally {
      NEXT_ID.remove();
    }
  }

  private <S extends Session> void create(
      SessionRepository<S> repository, String csrfToken, String user, String value) {
    S session = repository.createSession();
    session.setAttribute(CSRF, csrfToken);
    session.setAttribute(userAttribute, user);
    session.setAttribute(ATTRIBUTE, value);
    repository.save(session);
  }

  @Override
  public void request(String id, boolean write, String value) {
    request(repository, id, write, value);
  }

  private static <S extends Session> void request(
      SessionRepository<S> repository, String id, boolean write, String value) {
    S session = repository.findById(id);
    if (session == null) {
      throw new IllegalStateException("benchmark session vanished");
    }
    session.setLastAccessedTime(Instant.now());
    if (write) {
      session.setAttribute(ATTRIBUTE, value);
    }
    repository.save(session);
  }

  @Override
  public @Nullable Object attribute(String id) {
    Session session = repository.findById(id);
    return session == null ? null : session.getAttribute(ATTRIBUTE);
  }
}
