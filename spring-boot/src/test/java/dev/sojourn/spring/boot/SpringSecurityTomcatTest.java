package dev.sojourn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.SessionManager;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.UserIndex;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Security's form login, CSRF and logout on Sojourn sessions, in a real embedded Tomcat
 * started by Spring Boot, through a real HTTP client.
 */
class SpringSecurityTomcatTest {
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

  /** Loads the login page's CSRF token, then signs in; returns the pre-login session ID. */
  static String signIn(Client client, String user, String password) {
    String token = client.get("/page").body();
    String preLogin = client.sessionId;
    assertThat(preLogin).as("the CSRF token keeps an anonymous session").isNotNull();
    HttpResponse<String> login =
        client.post("/login", Map.of("username", user, "password", password, "_csrf", token));
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/me"));
    return Objects.requireNonNull(preLogin);
  }

  static String id(Client client) {
    return Objects.requireNonNull(client.sessionId, "the client holds no session");
  }

  @Test
  void signingInRotatesTheIdAndTheOldIdIsDead() {
    Client client = new Client(port);
    String preLogin = signIn(client, "alice", "alice-pw");
    assertThat(client.sessionId).isNotNull().isNotEqualTo(preLogin);
    assertThat(client.get("/me").body()).isEqualTo("alice");
    assertThat(client.withSession(preLogin).get("/me").body()).isEqualTo("anonymous");
    assertThat(context.getBean(SessionStore.class).load(preLogin)).isNull();
  }

  @Test
  void signingInSetsTheSessionsUserSoTheUserIndexKnowsIt() {
    Client client = new Client(port);
    signIn(client, "bob", "bob-pw");
    UserIndex index = (UserIndex) context.getBean(SessionStore.class);
    assertThat(index.sessionsOf("bob")).extracting(Snapshot::id).contains(client.sessionId);
  }

  @Test
  void theContextIsStoredThroughTheCodecNotJavaSerialization() {
    Client client = new Client(port);
    signIn(client, "alice", "alice-pw");
    Snapshot snapshot = context.getBean(SessionStore.class).load(id(client));
    Objects.requireNonNull(snapshot);
    assertThat(snapshot).isNotNull();
    byte[] stored = snapshot.attributes().get("SPRING_SECURITY_CONTEXT");
    assertThat(stored).isNotNull();
    String text = new String(stored, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("spring.security.context.v1").contains("ROLE_USER");
    assertThat(text)
        .doesNotContain("alice-pw")
        .doesNotContain("java.")
        .doesNotContain("\u00ac\u00ed");
  }

  @Test
  void csrfTokenIsTheSessionsAndRotatesWithSignIn() {
    Client client = new Client(port);
    String before = client.get("/page").body();
    String preLogin = client.sessionId;
    client.post("/login", Map.of("username", "alice", "password", "alice-pw", "_csrf", before));
    assertThat(client.post("/change", Map.of()).statusCode()).isEqualTo(403);
    assertThat(client.post("/change", Map.of("_csrf", before)).statusCode())
        .as("the pre-login token died with the pre-login ID")
        .isEqualTo(403);
    String after = client.get("/page").body();
    HttpResponse<String> change = client.post("/change", Map.of("_csrf", after));
    assertThat(change.statusCode()).isEqualTo(200);
    assertThat(change.body()).isEqualTo("changed by alice");
    String raw = context.getBean(SessionManager.class).open(id(client)).csrfToken();
    assertThat(after).as("Spring's handler masks the session's token").isNotEqualTo(raw);
    assertThat(client.get("/page").body()).as("masked afresh each time").isNotEqualTo(after);
    assertThat(preLogin).isNotEqualTo(client.sessionId);
  }

  @Test
  void logoutEndsTheSessionAndClearsTheCookie() {
    Client client = new Client(port);
    signIn(client, "alice", "alice-pw");
    String signedIn = id(client);
    String token = client.get("/page").body();
    HttpResponse<String> logout = client.post("/logout", Map.of("_csrf", token));
    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(Client.setCookie(logout)).isEmpty();
    assertThat(logout.headers().allValues("Set-Cookie"))
        .anySatisfy(h -> assertThat(h).startsWith(Client.COOKIE + "=;").contains("Max-Age=0"));
    assertThat(context.getBean(SessionStore.class).load(signedIn)).isNull();
    assertThat(new Client(port).withSession(signedIn).get("/me").body()).isEqualTo("anonymous");
  }

  @Test
  void aProtectedPageSendsAnonymousClientsToTheLoginForm() {
    HttpResponse<String> response = new Client(port).get("/private");
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
  }

  @Test
  void aWrongPasswordGoesBackToTheFormWithAnError() {
    Client client = new Client(port);
    String token = client.get("/page").body();
    HttpResponse<String> login =
        client.post("/login", Map.of("username", "alice", "password", "wrong", "_csrf", token));
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    HttpResponse<String> form = client.get("/login?error");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("Invalid credentials");
    Object reason =
        context
            .getBean(SessionManager.class)
            .open(id(client))
            .get("SPRING_SECURITY_LAST_EXCEPTION");
    assertThat(reason)
        .isInstanceOf(org.springframework.security.authentication.BadCredentialsException.class);
  }

  @Test
  void afterSignInTheClientGoesBackToTheProtectedPageItAskedFor() {
    Client client = new Client(port);
    assertThat(client.get("/private?x=1").statusCode()).isEqualTo(302);
    String token = client.get("/page").body();
    HttpResponse<String> login =
        client.post("/login", Map.of("username", "bob", "password", "bob-pw", "_csrf", token));
    assertThat(login.statusCode()).isEqualTo(302);
    String location = login.headers().firstValue("Location").orElseThrow();
    assertThat(location).contains("/private?x=1");
    HttpResponse<String> page = client.get(location.substring(location.indexOf("/private")));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).isEqualTo("secret of bob");
  }
}
