package dev.sojourn.spring.security;

import dev.sojourn.codec.CodecException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The resource server's tokens: {@link JwtAuthenticationToken} (JWT bearer tokens) and {@link
 * BearerTokenAuthentication} (opaque tokens, introspected) with a {@link
 * DefaultOAuth2AuthenticatedPrincipal}. The token value is stored: it is the principal. Loaded only
 * when spring-security-oauth2-resource-server and spring-security-oauth2-jose are on the class
 * path.
 */
final class ResourceServerTokens {
  static final String JWT = "jwt";
  static final String BEARER = "bearer";

  private ResourceServerTokens() {}

  /** The token's own fields, or null if {@code authentication} is neither type. */
  static @Nullable Map<String, Object> encode(Authentication authentication) {
    Map<String, Object> data = new LinkedHashMap<>();
    if (authentication.getClass() == JwtAuthenticationToken.class) {
      JwtAuthenticationToken token = (JwtAuthenticationToken) authentication;
      Jwt jwt = token.getToken();
      data.put("type", JWT);
      data.put("name", token.getName());
      data.put("token", jwt.getTokenValue());
      putInstant(data, "issuedAt", jwt.getIssuedAt());
      putInstant(data, "expiresAt", jwt.getExpiresAt());
      data.put("headers", OAuth2Claims.encode(jwt.getHeaders()));
      data.put("claims", OAuth2Claims.encode(jwt.getClaims()));
      return data;
    }
    if (authentication.getClass() == BearerTokenAuthentication.class) {
      BearerTokenAuthentication token = (BearerTokenAuthentication) authentication;
      if (!(token.getPrincipal() instanceof DefaultOAuth2AuthenticatedPrincipal principal)) {
        throw new CodecException(
            "cannot store a BearerTokenAuthentication whose principal is not a"
                + " DefaultOAuth2AuthenticatedPrincipal");
      }
      OAuth2AccessToken access = token.getToken();
      data.put("type", BEARER);
      data.put("name", principal.getName());
      data.put("attributes", OAuth2Claims.encode(principal.getAttributes()));
      data.put(
          "principalAuthorities",
          SecurityContextCodec.encodeAuthorities(principal.getAuthorities()));
      data.put("token", access.getTokenValue());
      putInstant(data, "issuedAt", access.getIssuedAt());
      putInstant(data, "expiresAt", access.getExpiresAt());
      data.put("scopes", List.copyOf(access.getScopes()));
      return data;
    }
    return null;
  }

  private static void putInstant(
      Map<String, Object> data, String key, java.time.@Nullable Instant at) {
    if (at != null) {
      data.put(key, at);
    }
  }

  static Authentication decode(String type, Map<?, ?> data, List<GrantedAuthority> authorities) {
    if (type.equals(JWT)) {
      Jwt jwt =
          new Jwt(
              Fields.string(data, "token"),
              OAuth2LoginTokens.instant(data.get("issuedAt")),
              OAuth2LoginTokens.instant(data.get("expiresAt")),
              OAuth2Claims.decode(data.get("headers")),
              OAuth2Claims.decode(data.get("claims")));
      return new JwtAuthenticationToken(jwt, authorities, Fields.string(data, "name"));
    }
    List<GrantedAuthority> principalAuthorities =
        SecurityContextCodec.decodeAuthorities(Fields.list(data, "principalAuthorities"));
    DefaultOAuth2AuthenticatedPrincipal principal =
        new DefaultOAuth2AuthenticatedPrincipal(
            Fields.string(data, "name"),
            OAuth2Claims.decode(data.get("attributes")),
            principalAuthorities);
    LinkedHashSet<String> scopes = new LinkedHashSet<>();
    for (Object scope : Fields.list(data, "scopes")) {
      if (!(scope instanceof String s)) {
        throw new CodecException("a scope is not a string");
      }
      scopes.add(s);
    }
    OAuth2AccessToken access =
        new OAuth2AccessToken(
            OAuth2AccessToken.TokenType.BEARER,
            Fields.string(data, "token"),
            OAuth2LoginTokens.instant(data.get("issuedAt")),
            OAuth2LoginTokens.instant(data.get("expiresAt")),
            scopes);
    return new BearerTokenAuthentication(principal, access, authorities);
  }
}
