package dev.sojourn.benchmarks;

import dev.sojourn.SessionManager;
import dev.sojourn.jdbc.PostgresStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One PostgreSQL-backed session implementation, driven for one request as {@link RequestSubject}
 * says.
 */
interface JdbcSubject extends RequestSubject {
  /**
   * The named implementation on {@code dataSource}, its schema created.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static JdbcSubject open(String impl, DataSource dataSource) {
    return RequestSubject.choose(
        impl, () -> new SojournSubject(dataSource), () -> new SpringSubject(dataSource));
  }

  /**
   * Sojourn: {@link SessionManager} on {@link PostgresStore} with a digest key and an ID key (so
   * that, like Spring's indexed repository, it can list a user's sessions), as {@code
   * SojournFilter} uses them.
   */
  final class SojournSubject extends SojournRequestSubject implements JdbcSubject {
    SojournSubject(DataSource dataSource) {
      super(store(dataSource));
    }

    private static PostgresStore store(DataSource dataSource) {
      SecureRandom random = new SecureRandom();
      byte[] digestKey = new byte[32];
      byte[] idKey = new byte[32];
      random.nextBytes(digestKey);
      random.nextBytes(idKey);
      return PostgresStore.builder()
          .dataSource(dataSource)
          .clock(CLOCK)
          .digestKey(digestKey)
          .idKey(idKey)
          .createSchema(true)
          .backgroundSweeper(false)
          .build();
    }
  }

  /**
   * Spring Session JDBC as Spring Boot 4 configures it: {@link JdbcIndexedSessionRepository} on a
   * {@link JdbcTemplate} and a {@link TransactionTemplate} (propagation {@code REQUIRES_NEW}) over
   * Boot's {@link JdbcTransactionManager}, with {@link
   * PostgreSqlJdbcIndexedSessionRepositoryCustomizer} (attributes written by upsert) and the schema
   * of {@code schema-postgresql.sql}. The user is the principal-name index attribute, so the
   * repository stores it in its indexed column.
   */
  final class SpringSubject extends SpringRequestSubject implements JdbcSubject {
    private final JdbcIndexedSessionRepository jdbc;

    SpringSubject(DataSource dataSource) {
      this(repository(dataSource));
    }

    private SpringSubject(JdbcIndexedSessionRepository jdbc) {
      super(jdbc, FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME);
      this.jdbc = jdbc;
    }

    private static JdbcIndexedSessionRepository repository(DataSource dataSource) {
      JdbcTemplate template = new JdbcTemplate(dataSource);
      template.afterPropertiesSet();
      createSchema(template);
      TransactionTemplate transactions =
          new TransactionTemplate(new JdbcTransactionManager(dataSource));
      transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
      transactions.afterPropertiesSet();
      JdbcIndexedSessionRepository jdbc = new JdbcIndexedSessionRepository(template, transactions);
      jdbc.setDefaultMaxInactiveInterval(TTL);
      jdbc.setCleanupCron("-");
      new PostgreSqlJdbcIndexedSessionRepositoryCustomizer().customize(jdbc);
      jdbc.setSessionIdGenerator(PRELOAD_IDS);
      jdbc.afterPropertiesSet();
      return jdbc;
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
    public void close() {
      jdbc.destroy();
    }
  }
}
