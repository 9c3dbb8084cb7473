package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CookieSettingsTest {
  @Test
  void defaults_areTheSecureOnes() {
    CookieSettings d = CookieSettings.defaults();

    assertThat(d.setCookie("ID"))
        .isEqualTo("__Host-sojourn=ID; Path=/; Secure; HttpOnly; SameSite=Lax");
    assertThat(d.clearCookie())
        .isEqualTo("__Host-sojourn=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax");
    assertThat(d.domain()).isNull();
  }

  @Test
  void everyAttribute_isConfigurable() {
    CookieSettings s =
        CookieSettings.builder()
            .name("app")
            .secure(false)
            .httpOnly(false)
            .sameSite(CookieSettings.SameSite.STRICT)
            .path("/shop")
            .domain("Example.COM")
            .maxAge(Duration.ofHours(1))
            .build();

    assertThat(s.setCookie("ID"))
        .isEqualTo("app=ID; Max-Age=3600; Path=/shop; Domain=example.com; SameSite=Strict");
  }

  @Test
  void hostPrefix_withoutSecure_isRefused() {
    assertThatThrownBy(() -> CookieSettings.builder().secure(false).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("__Host- prefix");
  }

  @Test
  void hostPrefix_withADomainOrAPath_isRefused() {
    assertThatThrownBy(() -> CookieSettings.builder().domain("example.com").build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> CookieSettings.builder().path("/app").build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void securePrefix_andSameSiteNone_needSecure() {
    assertThatThrownBy(() -> CookieSettings.builder().name("__Secure-x").secure(false).build())
        .hasMessageContaining("__Secure-");
    assertThatThrownBy(
            () ->
                CookieSettings.builder()
                    .name("x")
                    .secure(false)
                    .sameSite(CookieSettings.SameSite.NONE)
                    .build())
        .hasMessageContaining("SameSite=None needs Secure");
  }

  @Test
  void malformedValues_areRefusedAtOnce() {
    assertThatThrownBy(() -> CookieSettings.builder().name("a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RFC 6265 token");
    assertThatThrownBy(() -> CookieSettings.builder().path("/a;Domain=evil"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CookieSettings.builder().path("relative"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CookieSettings.builder().domain("a;b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CookieSettings.builder().maxAge(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void filterBuilder_refusesTwoTransports_andABadHeaderName() {
    dev.sojourn.SessionManager manager =
        dev.sojourn.SessionManager.builder()
            .store(dev.sojourn.store.memory.MemoryStore.builder().backgroundSweeper(false).build())
            .build();
    assertThatThrownBy(
            () -> SessionFilter.builder(manager).header("X-Id").cookie(CookieSettings.defaults()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SessionFilter.builder(manager).header("X Id"))
        .isInstanceOf(IllegalArgumentException.class);
    manager.close();
  }
}
