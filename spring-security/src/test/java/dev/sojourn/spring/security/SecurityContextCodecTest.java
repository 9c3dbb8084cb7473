package dev.sojourn.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.codec.CodecException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

class SecurityContextCodecTest {
  private static final Instant ISSUED = Instant.parse("2026-12-01T10:15:30.123Z");
  private final AttributeCodec codec =
      AttributeCodec.builder().register(SecurityContextCodec.create()).build();

  private SecurityContextImpl roundTrip(AttributeCodec with, SecurityContextImpl context) {
    return (SecurityContextImpl) with.decode(with.encode(context));
  }

  private static Authentication auth(SecurityContextImpl context) {
    return java.util.Objects.requireNonNull(context.getAuthentication(), "authentication");
  }

  private static List<GrantedAuthority> authorities() {
    return List.of(
        new SimpleGrantedAuthority("ROLE_USER"),
        FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
            .issuedAt(ISSUED)
            .build());
  }

  @Test
  void usernamePasswordWithUserPrincipalAndAuthoritiesRoundTrips() {
    User user =
        new User(
            "alice",
            "secret",
            true,
            true,
            false,
            true,
            List.of(new SimpleGrantedAuthority("ROLE_USER")));
    UsernamePasswordAuthenticationToken token =
        UsernamePasswordAuthenticationToken.authenticated(user, "secret", authorities());
    token.setDetails(new WebAuthenticationDetails("10.0.0.7", "old-session-id"));

    Authentication back = auth(roundTrip(codec, new SecurityContextImpl(token)));

    assertThat(back).isInstanceOf(UsernamePasswordAuthenticationToken.class);
    assertThat(back.isAuthenticated()).isTrue();
    assertThat(back.getName()).isEqualTo("alice");
    assertThat(back.getCredentials()).as("credentials are never stored").isNull();
    assertThat(new java.util.ArrayList<GrantedAuthority>(back.getAuthorities()))
        .containsExactlyElementsOf(authorities());
    assertThat(back.getAuthorities())
        .filteredOn(a -> a instanceof FactorGrantedAuthority)
        .singleElement()
        .satisfies(a -> assertThat(((FactorGrantedAuthority) a).getIssuedAt()).isEqualTo(ISSUED));
    User principal = (User) java.util.Objects.requireNonNull(back.getPrincipal());
    assertThat(principal.getPassword()).isNull();
    assertThat(principal.isCredentialsNonExpired()).isFalse();
    assertThat(principal.getAuthorities()).containsExactly(new SimpleGrantedAuthority("ROLE_USER"));
    WebAuthenticationDetails details =
        (WebAuthenticationDetails) java.util.Objects.requireNonNull(back.getDetails());
    assertThat(details.getRemoteAddress()).isEqualTo("10.0.0.7");
    assertThat(details.getSessionId()).as("the pre-login ID is not kept").isNull();
  }

  @Test
  void stringPrincipalAndEmptyContextRoundTrip() {
    Authentication token =
        UsernamePasswordAuthenticationToken.authenticated("bob", null, authorities());
    assertThat(auth(roundTrip(codec, new SecurityContextImpl(token))).getPrincipal())
        .isEqualTo("bob");
    assertThat(roundTrip(codec, new SecurityContextImpl()).getAuthentication()).isNull();
  }

  @Test
  void theStoredBytesNameNoJavaClassAndHoldNoPassword() {
    User user = new User("alice", "hunter2", authorities());
    byte[] bytes =
        codec.encode(
            new SecurityContextImpl(
                UsernamePasswordAuthenticationToken.authenticated(user, "hunter2", authorities())));
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain("hunter2").doesNotContain("org.springframework");
    assertThat(bytes[0]).isEqualTo((byte) AttributeCodec.FORMAT_VERSION);
  }

  @Test
  void rememberMeNeedsTheKeyAndChecksItOnDecode() {
    RememberMeAuthenticationToken token =
        new RememberMeAuthenticationToken("the-key", "carol", authorities());
    assertThatThrownBy(() -> codec.encode(new SecurityContextImpl(token)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("withRememberMeKey");

    AttributeCodec keyed =
        AttributeCodec.builder()
            .register(SecurityContextCodec.withRememberMeKey("the-key"))
            .build();
    Authentication back = auth(roundTrip(keyed, new SecurityContextImpl(token)));
    assertThat(back).isInstanceOf(RememberMeAuthenticationToken.class);
    assertThat(((RememberMeAuthenticationToken) back).getKeyHash()).isEqualTo("the-key".hashCode());
    assertThat(back.getName()).isEqualTo("carol");

    byte[] stored = keyed.encode(new SecurityContextImpl(token));
    assertThatThrownBy(() -> codec.decode(stored))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("no key");
  }

  @Test
  void unknownAuthenticationTypesAreRefusedWhenStored() {
    TestingAuthenticationToken testing = new TestingAuthenticationToken("dave", "pw", "ROLE_X");
    assertThatThrownBy(() -> codec.encode(new SecurityContextImpl(testing)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(TestingAuthenticationToken.class.getName());
  }

  @Test
  void unknownPrincipalAndAuthorityTypesAreRefused() {
    Authentication odd =
        UsernamePasswordAuthenticationToken.authenticated(new Object(), null, List.of());
    assertThatThrownBy(() -> codec.encode(new SecurityContextImpl(odd)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("principal");
    GrantedAuthority custom = () -> "CUSTOM";
    Authentication withCustom =
        UsernamePasswordAuthenticationToken.authenticated("erin", null, List.of(custom));
    assertThatThrownBy(() -> codec.encode(new SecurityContextImpl(withCustom)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("CUSTOM");
  }

  @Test
  void damagedBytesAreACodecExceptionNeverAnotherError() {
    java.util.Random random = new java.util.Random(42);
    byte[] valid =
        codec.encode(
            new SecurityContextImpl(
                UsernamePasswordAuthenticationToken.authenticated(
                    new User("alice", "pw", authorities()), null, authorities())));
    int refused = 0;
    for (int i = 0; i < 5000; i++) {
      byte[] bytes = valid.clone();
      bytes[1 + random.nextInt(bytes.length - 1)] = (byte) random.nextInt(256);
      if (random.nextInt(4) == 0) {
        bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
      }
      try {
        codec.decode(bytes);
      } catch (CodecException expected) {
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(1000);
  }
}
