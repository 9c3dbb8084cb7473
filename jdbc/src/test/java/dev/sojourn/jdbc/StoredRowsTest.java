package dev.sojourn.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionNotFoundException;
import dev.sojourn.testing.MutableClock;
import dev.sojourn.testing.postgres.PostgresServerExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the table holds: digests, never IDs; and rows that do not decode count as absent (logged and
 * counted), and a commit treats them as absent too.
 */
class StoredRowsTest {
  @RegisterExtension static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

  private static HikariDataSource pool = new HikariDataSource();

  private final TokenGenerator tokens = TokenGenerator.secure();
  private final MutableClock clock = MutableClock.start();

  @BeforeAll
  static void openPool() {
    pool = Postgres.pool(POSTGRES.server(), 3);
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @Test
  void table_holdsTheIdsDigest_neverTheId_andNoUnknownColumn() throws Exception {
    try (PostgresStore store = Postgres.store(pool, clock).build()) {
      String id = created(store);
      String dump = dump();
      assertThat(dump).doesNotContain(id);
      assertThat(dump)
          .contains(
              java.util.HexFormat.of().formatHex(new Keys(Postgres.DIGEST_KEY, null).digestOf(id)));
    }
  }

  @Test
  void rowInAnotherLayout_isAbsent_andCounted() throws Exception {
    corruptAndExpectAbsent("layout = 2", true);
  }

  @Test
  void attributesThatAreNotAnObject_areAbsent_andCounted() throws Exception {
    corruptAndExpectAbsent("attributes = '[1, 2]'::jsonb", true);
  }

  @Test
  void attributeValueThatIsNotBase64_isAbsent_andCounted() throws Exception {
    corruptAndExpectAbsent("attributes = '{\"a\": \"not base64!\"}'::jsonb", false);
  }

  @Test
  void attributeValueThatIsNotAString_isAbsent_andCounted() throws Exception {
    corruptAndExpectAbsent("attributes = '{\"a\": 42}'::jsonb", false);
  }

  @Test
  void emptyCsrfToken_isAbsent_andCounted() throws Exception {
    corruptAndExpectAbsent("csrf_token = ''", false);
  }

  /**
   * Corrupts a stored row with {@code assignment} and expects loads to see nothing; with {@code
   * commitTooSeesItAbsent}, an update must find nothing either (the commit statement checks the
   * layout and the shape of the attributes; it does not decode values).
   */
  private void corruptAndExpectAbsent(String assignment, boolean commitTooSeesItAbsent)
      throws Exception {
    try (PostgresStore store = Postgres.store(pool, clock).build()) {
      String id = created(store);
      byte[] digest = new Keys(Postgres.DIGEST_KEY, null).digestOf(id);
      try (Connection connection = pool.getConnection();
          PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE sojourn_session SET " + assignment + " WHERE id_digest = ?")) {
        update.setBytes(1, digest);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
      assertThat(store.load(id)).isNull();
      assertThat(store.corruptSessions()).isEqualTo(1);
      if (commitTooSeesItAbsent) {
        SessionChange update = SessionChange.update(id).put("b", bytes("2")).ttl(TTL).build();
        assertThatThrownBy(() -> store.commit(update)).isInstanceOf(SessionNotFoundException.class);
      }
    }
  }

  private static final Duration TTL = Duration.ofMinutes(30);

  private String created(PostgresStore store) {
    String id = tokens.next();
    store.commit(
        SessionChange.create(id, tokens.next(), clock.millis())
            .user("alice", clock.millis())
            .put("a", bytes("1"))
            .ttl(TTL)
            .build());
    return id;
  }

  private static String dump() throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT encode(id_digest, 'hex'), encode(sealed_id, 'hex'), csrf_token,"
                    + " user_name, attributes::text FROM sojourn_session");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        for (int column = 1; column <= 5; column++) {
          values.add(String.valueOf(rows.getString(column)));
        }
      }
    }
    return String.join(" ", values);
  }

  private static byte[] bytes(String value) {
    return value.getBytes(UTF_8);
  }
}
