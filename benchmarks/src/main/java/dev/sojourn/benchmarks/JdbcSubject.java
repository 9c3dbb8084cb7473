package dev.sojourn.benchmarks;

import dev.sojourn.SessionManager;
import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.jdbc.PostgresStore;
import dev.sojourn.store.SessionChange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One PostgreSQL-backed session implementation, driven the way its servlet filter drives it for one
 * request that carries a session cookie: load the session, set one attribute if the request writes,
 * and commit. Sessions hold an ID, a CSRF token, a signed-in user and one small attribute, as in
 * {@link RedisSubject}. Neither implementation's background cleanup runs: it is no part of a
 * request.
 */
abstract class JdbcSubject implements AutoCloseable {
  /** The implementations, in the order they are reported. */
  static final String[] NAMES = {"sojourn", "spring"};

  /**
   * The named implementation on {@code dataSource}, its schema created.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static JdbcSubject open(String impl, DataSource dataSource) {
    switch (impl.toLowerCase(Locale.ROOT)) {
      case "sojourn":
        return new SojournSubject(dataSource);
      case "spring":
        return new SpringSubject(dataSource);
      default:
        throw new IllegalArgumentException(
            "unknown impl '" + impl + "': expected sojourn or spring");
    }
  }

  /** Stores a signed-in session: ID, CSRF token, user and {@link RedisSubject#ATTRIBUTE}. */
  abstract void preload(String id, String csrfToken, String user, String value);

  /**
   * One request: loads the session, sets {@link RedisSubject#ATTRIBUTE} to {@code value} if {@code
   * write}, and commits as the implementation's filter does at the end of a request.
   *
   * @throws IllegalStateException if the session is not stored
   */
  abstract void request(String id, boolean write, String value);

  /** Loads the session (as a request would) and returns its attribute, or null. */
  abstract @Nullable Object attribute(String id);

  @Override
  public abstract void close();

  /**
   * Sojourn: {@link SessionManager} on {@link PostgresStore} with a digest key and an ID key (so
   * that, like Spring's indexed repository, it can list a user's sessions), as {@code
   * SojournFilter} uses them.
   */
  static final class SojournSubject extends JdbcSubject {
    private final PostgresStore store;
    private final SessionManager sessions;
    private final InstantSource clock = InstantSource.system();
    private final AttributeCodec codec = AttributeCodec.defaults();

    SojournSubject(DataSource dataSource) {
      SecureRandom random = new SecureRandom();
      byte[] digestKey = new byte[32];
      byte[] idKey = new byte[32];
      random.nextBytes(digestKey);
      random.nextBytes(idKey);
      this.store =
          PostgresStore.builder()
              .dataSource(dataSource)
              .clock(clock)
              .digestKey(digestKey)
              .idKey(idKey)
              .createSchema(true)
              .backgroundSweeper(false)
              .build();
      this.sessions =
          SessionManager.builder().store(store).clock(clock).idleTimeout(RedisSubject.TTL).build();
    }

    @Override
    void preload(String id, String csrfToken, String user, String value) {
      long now = clock.millis();
      store.commit(
          SessionChange.create(id, csrfToken, now)
              .user(user, now)
              .put(RedisSubject.ATTRIBUTE, codec.encode(value))
              .ttl(RedisSubject.TTL)
              .build());
    }

    @Override
    void request(String id, boolean write, String value) {
      dev.sojourn.Session session = sessions.open(id);
      if (session.isNew()) {
        throw new IllegalStateException("benchmark session vanished");
      }
      if (write) {
        session.put(RedisSubject.ATTRIBUTE, value);
      }
      sessions.commit(session);
    }

    @Override
    @Nullable Object attribute(String id) {
      dev.sojourn.Session session = sessions.open(id);
      return session.isNew() ? null : session.get(RedisSubject.ATTRIBUTE);
    }

    @Override
    public void close() {
      sessions.close();
      store.close();
    }
  }

  /**
   * Spring Session JDBC as Spring Boot 4 configures it: {@link JdbcIndexedSessionRepository} on a
   * {@link JdbcTemplate} and a {@link TransactionTemplate} (propagation {@code REQUIRES_NEW}) over
   * Boot's {@link JdbcTransactionManager}, with {@link
   * PostgreSqlJdbcIndexedSessionRepositoryCustomizer} (attributes written by upsert) and the schema
   * of {@code schema-postgresql.sql}; used as {@code SessionRepositoryFilter} uses it: {@code
   * findById}, set the last access time, maybe set an attribute, {@code save}. The CSRF token is a
   * session attribute, as Spring Security keeps it; the user is the principal-name index attribute,
   * so the repository stores it in its indexed column.
   */
  static final class SpringSubject extends JdbcSubject {
    static final String CSRF = "_csrf";

    private final JdbcIndexedSessionRepository jdbc;
    // Its session type is used through the SPI, as SessionRepositoryFilter does.
    private final SessionRepository<?> repository;
    private final ThreadLocal<String> nextId = new ThreadLocal<>();

    SpringSubject(DataSource dataSource) {
      JdbcTemplate template = new JdbcTemplate(dataSource);
      template.afterPropertiesSet();
      createSchema(template);
      TransactionTemplate transactions =
          new TransactionTemplate(new JdbcTransactionManager(dataSource));
      transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
      transactions.afterPropertiesSet();
      jdbc = new JdbcIndexedSessionRepository(template, transactions);
      jdbc.setDefaultMaxInactiveInterval(RedisSubject.TTL);
      jdbc.setCleanupCron("-");
      new PostgreSqlJdbcIndexedSessionRepositoryCustomizer().customize(jdbc);
      // Preloading stores the shared benchmark IDs; Spring otherwise draws random UUIDs.
      jdbc.setSessionIdGenerator(
          () -> {
            String id = nextId.get();
            if (id == null) {
              throw new IllegalStateException("no preload ID set");
            }
            return id;
          });
      jdbc.afterPropertiesSet();
      repository = jdbc;
    }

    /** Runs Spring Session's {@code schema-postgresql.sql} unless its table exists already. */
    private static void createSchema(JdbcTemplate template) {
      Boolean exists =
          template.queryForObject(
              "SELECT to_regclass('spring_session') IS NOT NULL", Boolean.class);
      if (Boolean.TRUE.equals(exists)) {
        return;
      }
      String resource = "org/springframework/session/jdbc/schema-postgresql.sql";
      String sql;
      try (InputStream in =
          Objects.requireNonNull(
              JdbcIndexedSessionRepository.class.getClassLoader().getResourceAsStream(resource),
              resource)) {
        sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + resource, e);
      }
      for (String statement : sql.split(";")) {
        if (!statement.isBlank()) {
          template.execute(statement);
        }
      }
    }

    @Override
    void preload(String id, String csrfToken, String user, String value) {
      nextId.set(id);
      try {
        create(repository, csrfToken, user, value);
      } finally {
        nextId.remove();
      }
    }

    private static <S extends Session> void create(
        SessionRepository<S> repository, String csrfToken, String user, String value) {
      S session = repository.createSession();
      session.setAttribute(CSRF, csrfToken);
      session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user);
      session.setAttribute(RedisSubject.ATTRIBUTE, value);
      repository.save(session);
    }

    @Override
    void request(String id, boolean write, String value) {
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
        session.setAttribute(RedisSubject.ATTRIBUTE, value);
      }
      repository.save(session);
    }

    @Override
    @Nullable Object attribute(String id) {
      Session session = repository.findById(id);
      return session == null ? null : session.getAttribute(RedisSubject.ATTRIBUTE);
    }

    @Override
    public void close() {
      jdbc.destroy();
    }
  }
}
