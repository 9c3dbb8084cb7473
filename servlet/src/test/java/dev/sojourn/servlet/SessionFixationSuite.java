package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Session fixation through a signed-in session (issue 8, item 1; ASVS 4.0 V3.2.1, 5.0 V7.2.4), end
 * to end over HTTP: an attacker signs in as themselves, plants that session's cookie in the
 * victim's browser, and the victim signs in through it. Subclasses name the container.
 */
abstract class SessionFixationSuite extends ServerFixture {

  /**
   * A browser's cookie jar for our two cookies (the session's, and the pre-session CSRF nonce that
   * a page view without a session gets), kept from every response as a browser would.
   */
  final class Browser {
    @Nullable String cookie;
    @Nullable String csrfCookie;

    HttpResponse<String> get(String path) throws Exception {
      return keep(send(withCookies(request(path))));
    }

    HttpResponse<String> post(String path, String csrfToken) throws Exception {
      return keep(
          send(
              withCookies(request(path))
                  .header(CsrfFilter.HEADER, csrfToken)
                  .POST(HttpRequest.BodyPublishers.noBody())));
    }

    /** The session's CSRF token as stored (the pages get it masked, different every time). */
    String rawToken() throws Exception {
      return get("/csrf/raw-token").body();
    }

    private HttpRequest.Builder withCookies(HttpRequest.Builder request) {
      StringBuilder header = new StringBuilder();
      if (cookie != null) {
        header.append(COOKIE).append('=').append(cookie);
      }
      if (csrfCookie != null) {
        header.append(header.length() == 0 ? "" : "; ");
        header.append(CsrfFilter.COOKIE).append('=').append(csrfCookie);
      }
      return header.length() == 0 ? request : request.header("Cookie", header.toString());
    }

    private HttpResponse<String> keep(HttpResponse<String> response) {
      String header = setCookie(response);
      if (header != null) {
        Matcher m = SET_COOKIE.matcher(header);
        assertThat(m.matches()).as(header).isTrue();
        cookie = m.group(1).isEmpty() ? null : m.group(1);
      }
      for (String value : response.headers().allValues("Set-Cookie")) {
        if (value.startsWith(CsrfFilter.COOKIE + "=")) {
          String nonce = value.substring(CsrfFilter.COOKIE.length() + 1).split(";", 2)[0];
          csrfCookie = nonce.isEmpty() ? null : nonce;
        }
      }
      return response;
    }
  }

  @Test
  void victimSigningInThroughAPlantedSignedInSession_getsANewIdAndToken_theAttackerNothing()
      throws Exception {
    Browser attacker = new Browser();
    String anonymousToken = attacker.get("/csrf/token").body();
    assertThat(attacker.post("/csrf/login?user=mallory", anonymousToken).statusCode())
        .isEqualTo(200);
    String plantedId = attacker.cookie;
    assertThat(plantedId).isNotNull();
    String plantedToken = attacker.rawToken();
    assertThat(attacker.get("/app/whoami").body()).isEqualTo("mallory");

    Browser victim = new Browser();
    victim.cookie = plantedId;
    String loginPageToken = victim.get("/csrf/token").body();
    assertThat(victim.rawToken())
        .as("the victim's login page is in mallory's session")
        .isEqualTo(plantedToken);
    HttpResponse<String> login = victim.post("/csrf/login?user=alice", loginPageToken);

    assertThat(login.statusCode()).isEqualTo(200);
    String aliceId = sessionId(login);
    assertThat(aliceId).as("the ID after the switch of user").isNotEqualTo(plantedId);
    assertThat(victim.get("/app/whoami").body()).isEqualTo("alice");
    String aliceToken = victim.rawToken();
    assertThat(aliceToken).hasSize(32).isNotEqualTo(plantedToken);

    HttpResponse<String> replay = get("/app/whoami", plantedId);
    assertThat(replay.body()).as("the attacker's old ID after the switch").isEqualTo("no session");
    assertCleared(replay);
    HttpResponse<String> forged =
        send(
            request("/csrf/echo", plantedId)
                .header(CsrfFilter.HEADER, plantedToken)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(forged.statusCode()).as("a write with the old ID and token").isEqualTo(403);
    HttpResponse<String> crossed =
        send(
            request("/csrf/echo", aliceId)
                .header(CsrfFilter.HEADER, plantedToken)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(crossed.statusCode())
        .as("alice's session with the attacker's old token")
        .isEqualTo(403);
    assertThat(victim.get("/app/whoami").body()).isEqualTo("alice");
  }

  @Test
  void sameUserSigningInAgain_keepsIdAndToken() throws Exception {
    Browser browser = new Browser();
    String token = browser.get("/csrf/token").body();
    browser.post("/csrf/login?user=alice", token);
    String id = browser.cookie;
    assertThat(id).isNotNull();
    String signedInToken = browser.rawToken();

    HttpResponse<String> again =
        browser.post("/csrf/login?user=alice", browser.get("/csrf/token").body());

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(setCookie(again)).as("no new cookie for the same user").isNull();
    assertThat(browser.cookie).isEqualTo(id);
    assertThat(browser.rawToken()).isEqualTo(signedInToken);
  }
}
