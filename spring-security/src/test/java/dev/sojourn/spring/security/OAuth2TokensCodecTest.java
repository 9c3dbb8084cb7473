package dev.sojourn.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.codec.AttributeCodec;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** OAuth2 login and resource-server tokens through {@link SecurityContextCodec}: equal after. */
class OAuth2TokensCodecTest {
  private static final Instant ISSUED = Instant.parse("2026-12-02T01:00:00Z");
  private static final Instant EXPIRES = Instant.parse("2026-12-02T02:00:00Z");
  private final AttributeCodec codec =
      AttributeCodec.builder().register(SecurityContextCodec.create()).build();

  private Authentication roundTrip(Authentication authentication) {
    SecurityContextImpl context = new SecurityContextImpl(authentication);
    Object back = codec.decode(codec.encode(context));
    assertThat(back).isInstanceOf(SecurityContextImpl.class);
    Authentication result = ((SecurityContextImpl) back).getAuthentication();
    return java.util.Objects.requireNonNull(result, "the decoded context has no authentication");
  }

  @Test
  void oidcLogin_roundTrips_withItsIdToken_userInfo_andAuthorities() throws Exception {
    OidcIdToken id =
        new OidcIdToken(
            "header.payload.signature",
            ISSUED,
            EXPIRES,
            Map.of(
                "iss",
                URI.create("https://issuer.example").toURL(),
                "sub",
                "alice-123",
                "aud",
                List.of("client-1"),
                "iat",
                ISSUED,
                "exp",
                EXPIRES));
    OidcUserInfo info = new OidcUserInfo(Map.of("sub", "alice-123", "email", "a@example.com"));
    List<GrantedAuthority> authorities =
        List.of(
            new OidcUserAuthority("OIDC_USER", id, info, "sub"),
            new SimpleGrantedAuthority("SCOPE_openid"));
    DefaultOidcUser user = new DefaultOidcUser(authorities, id, info, "sub");
    OAuth2AuthenticationToken token = new OAuth2AuthenticationToken(user, authorities, "google");
    token.setDetails(new WebAuthenticationDetails("10.0.0.1", null));

    Authentication back = roundTrip(token);
    assertThat(back).isInstanceOf(OAuth2AuthenticationToken.class);
    OAuth2AuthenticationToken login = (OAuth2AuthenticationToken) back;
    assertThat(login.getAuthorizedClientRegistrationId()).isEqualTo("google");
    assertThat(login.getName()).isEqualTo("alice-123");
    assertThat(login.isAuthenticated()).isTrue();
    assertThat(login.getPrincipal()).isEqualTo(user);
    assertThat(List.<GrantedAuthority>copyOf(login.getAuthorities())).isEqualTo(authorities);
    DefaultOidcUser oidc = (DefaultOidcUser) login.getPrincipal();
    assertThat(oidc.getIdToken().getIssuer())
        .isEqualTo(URI.create("https://issuer.example").toURL());
    assertThat(oidc.getEmail()).isEqualTo("a@example.com");
    assertThat(login.getDetails())
        .isInstanceOfSatisfying(
            WebAuthenticationDetails.class,
            d -> assertThat(d.getRemoteAddress()).isEqualTo("10.0.0.1"));
  }

  @Test
  void oauth2Login_roundTrips_withAttributesAndAuthorities() {
    Map<String, Object> attributes = Map.of("login", "bob", "id", 42L);
    List<GrantedAuthority> authorities =
        List.of(
            new OAuth2UserAuthority("OAUTH2_USER", attributes, "login"),
            new SimpleGrantedAuthority("SCOPE_read:user"));
    DefaultOAuth2User user = new DefaultOAuth2User(authorities, attributes, "login");
    Authentication back = roundTrip(new OAuth2AuthenticationToken(user, authorities, "github"));
    assertThat(back.getName()).isEqualTo("bob");
    assertThat(back.getPrincipal()).isEqualTo(user);
    assertThat(List.<GrantedAuthority>copyOf(back.getAuthorities())).isEqualTo(authorities);
  }

  @Test
  void jwt_roundTrips_withClaimsHeadersAndAuthorities() {
    Jwt jwt =
        new Jwt(
            "eyJ.token.value",
            ISSUED,
            EXPIRES,
            Map.of("alg", "RS256", "kid", "k1"),
            Map.of("sub", "svc", "scp", List.of("read", "write"), "exp", EXPIRES));
    List<GrantedAuthority> authorities =
        List.of(
            new SimpleGrantedAuthority("SCOPE_read"), new SimpleGrantedAuthority("SCOPE_write"));
    Authentication back = roundTrip(new JwtAuthenticationToken(jwt, authorities, "svc"));
    assertThat(back).isInstanceOf(JwtAuthenticationToken.class);
    JwtAuthenticationToken token = (JwtAuthenticationToken) back;
    assertThat(token.getToken()).isEqualTo(jwt);
    assertThat(token.getName()).isEqualTo("svc");
    assertThat(List.<GrantedAuthority>copyOf(token.getAuthorities())).isEqualTo(authorities);
    assertThat(token.isAuthenticated()).isTrue();
  }

  @Test
  void bearer_roundTrips_withPrincipalAccessTokenAndScopes() {
    List<GrantedAuthority> authorities = List.of(new SimpleGrantedAuthority("SCOPE_read"));
    DefaultOAuth2AuthenticatedPrincipal principal =
        new DefaultOAuth2AuthenticatedPrincipal(
            "carol", Map.of("active", true, "client_id", "c-1"), authorities);
    OAuth2AccessToken access =
        new OAuth2AccessToken(
            OAuth2AccessToken.TokenType.BEARER, "opaque-token", ISSUED, EXPIRES, Set.of("read"));
    Authentication back = roundTrip(new BearerTokenAuthentication(principal, access, authorities));
    assertThat(back).isInstanceOf(BearerTokenAuthentication.class);
    BearerTokenAuthentication token = (BearerTokenAuthentication) back;
    assertThat(token.getName()).isEqualTo("carol");
    assertThat(token.getToken().getTokenValue()).isEqualTo("opaque-token");
    assertThat(token.getToken().getScopes()).containsExactly("read");
    assertThat(token.getToken().getExpiresAt()).isEqualTo(EXPIRES);
    assertThat(token.getTokenAttributes()).containsEntry("client_id", "c-1");
    assertThat(List.<GrantedAuthority>copyOf(token.getAuthorities())).isEqualTo(authorities);
  }
}
