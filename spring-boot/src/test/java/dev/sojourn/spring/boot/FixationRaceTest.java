package dev.sojourn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.Session;
import dev.sojourn.SessionManager;
import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.codec.ValueCodec;
import dev.sojourn.spring.security.SecurityContextCodec;
import dev.sojourn.store.SessionStore;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Session fixation under load: while a client signs in, other requests keep using its pre-login ID.
 * The old ID must never become signed in, and must not come back to life. Also: a stored context
 * that cannot be read counts as signed out.
 */
class FixationRaceTest {
  private static final int ROUNDS = 25;
  private static final int RACERS = 3;

  private static ConfigurableApplicationContext context;
  private static int port;

  @BeforeAll
  static void start() {
    context = SecuredApp.start();
    port = SecuredApp.port(context);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void thePreLoginIdNeverBecomesSignedIn() throws Exception {
    SessionStore store = context.getBean(SessionStore.class);
    ConcurrentLinkedQueue<String> seenOnOldId = new ConcurrentLinkedQueue<>();
    int racedRequests = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Client client = new Client(port);
      String token = client.get("/page").body();
      String preLogin = Objects.requireNonNull(client.sessionId);
      AtomicBoolean done = new AtomicBoolean();
      CountDownLatch started = new CountDownLatch(RACERS);
      List<Thread> racers = new ArrayList<>();
      int[] counts = new int[RACERS];
      for (int r = 0; r < RACERS; r++) {
        int index = r;
        Thread t =
            new Thread(
                () -> {
                  started.countDown();
                  int after = 0;
                  while (!done.get() || after++ < 3) {
                    String path = (counts[index] % 2 == 0) ? "/me" : "/private";
                    HttpResponse<String> response = client.withSession(preLogin).get(path);
                    counts[index]++;
                    if (response.statusCode() == 200 && !response.body().equals("anonymous")) {
                      seenOnOldId.add(
                          path + " -> " + response.statusCode() + " " + response.body());
                    }
                  }
                });
        t.start();
        racers.add(t);
      }
      started.await();
      HttpResponse<String> login =
          client.post(
              "/login", Map.of("username", "alice", "password", "alice-pw", "_csrf", token));
      done.set(true);
      for (Thread t : racers) {
        t.join();
      }
      for (int c : counts) {
        racedRequests += c;
      }
      assertThat(login.statusCode()).isEqualTo(302);
      assertThat(client.sessionId).isNotEqualTo(preLogin);
      assertThat(client.get("/me").body()).isEqualTo("alice");
      assertThat(store.load(preLogin)).as("the old ID stays dead").isNull();
      assertThat(client.withSession(preLogin).get("/me").body()).isEqualTo("anonymous");
    }
    assertThat(seenOnOldId).isEmpty();
    assertThat(racedRequests).isGreaterThan(ROUNDS * RACERS);
  }

  /** Stands for a context written by something this codec cannot read. */
  record Garbage(String text) {}

  @Test
  void anUnreadableStoredContextCountsAsSignedOut() {
    SessionManager app = context.getBean(SessionManager.class);
    ValueCodec<Garbage> impostor =
        new ValueCodec<>() {
          @Override
          public Class<Garbage> type() {
            return Garbage.class;
          }

          @Override
          public String name() {
            return SecurityContextCodec.NAME;
          }

          @Override
          public byte[] encode(Garbage value) {
            return new byte[] {9, 9, 9};
          }

          @Override
          public Garbage decode(byte[] bytes) {
            return new Garbage("x");
          }
        };
    SessionManager writer =
        SessionManager.builder()
            .store(app.store())
            .codec(AttributeCodec.builder().register(impostor).build())
            .build();
    Session session = writer.newSession();
    session.put("SPRING_SECURITY_CONTEXT", new Garbage("not a context"));
    session.login("alice");
    writer.commit(session);
    long before = app.undecodableSessions();

    Client client = new Client(port).withSession(session.id());
    HttpResponse<String> me = client.get("/me");
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).isEqualTo("anonymous");
    HttpResponse<String> secret = new Client(port).withSession(session.id()).get("/private");
    assertThat(secret.statusCode()).isEqualTo(302);
    assertThat(app.undecodableSessions()).isGreaterThan(before);
  }
}
