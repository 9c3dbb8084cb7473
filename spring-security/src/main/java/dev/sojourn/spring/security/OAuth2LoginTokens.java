package dev.sojourn.spring.security;

import dev.sojourn.codec.CodecException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;

/**
 * {@link OAuth2AuthenticationToken} (OAuth2 and OpenID Connect login, {@code oauth2Login()}) with a
 * {@link DefaultOAuth2User} or {@link DefaultOidcUser} principal. Loaded only when
 * spring-security-oauth2-client is on the class path.
 */
final class OAuth2LoginTokens {
  static final String TYPE = "oauth2-login";

  private OAuth2LoginTokens() {}

  /** The token's own fields, or null if {@code authentication} is not an OAuth2 login. */
  static @Nullable Map<String, Object> encode(Authentication authentication) {
    if (authentication.getClass() != OAuth2AuthenticationToken.class) {
      return null;
    }
    OAuth2AuthenticationToken token = (OAuth2AuthenticationToken) authentication;
    OAuth2User user = token.getPrincipal();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("type", TYPE);
    data.put("registrationId", token.getAuthorizedClientRegistrationId());
    data.put("authorities", encodeAuthorities(token.getAuthorities()));
    data.put("userAuthorities", encodeAuthorities(user.getAuthorities()));
    data.put("nameKey", nameKey(user));
    if (user.getClass() == DefaultOidcUser.class) {
      DefaultOidcUser oidc = (DefaultOidcUser) user;
      OidcIdToken id = oidc.getIdToken();
      data.put("idToken", id.getTokenValue());
      putInstant(data, "idIssuedAt", id.getIssuedAt());
      putInstant(data, "idExpiresAt", id.getExpiresAt());
      data.put("idClaims", OAuth2Claims.encode(id.getClaims()));
      OidcUserInfo info = oidc.getUserInfo();
      if (info != null) {
        data.put("userInfo", OAuth2Claims.encode(info.getClaims()));
      }
    } else if (user.getClass() == DefaultOAuth2User.class) {
      data.put("attributes", OAuth2Claims.encode(user.getAttributes()));
    } else {
      throw new CodecException(
          "cannot store an OAuth2 principal of type "
              + user.getClass().getName()
              + " (supported: DefaultOAuth2User, DefaultOidcUser)");
    }
    return data;
  }

  /**
   * Authorities, with Spring's {@link OAuth2UserAuthority} and {@link OidcUserAuthority} stored by
   * name only: their attributes, ID token and user info are the principal's, rebuilt from it.
   */
  private static List<Object> encodeAuthorities(Collection<? extends GrantedAuthority> all) {
    List<Object> out = new ArrayList<>();
    for (GrantedAuthority authority : all) {
      String kind =
          authority.getClass() == OidcUserAuthority.class
              ? "oidcUser"
              : authority.getClass() == OAuth2UserAuthority.class ? "oauth2User" : null;
      if (kind == null) {
        out.addAll(SecurityContextCodec.encodeAuthorities(List.of(authority)));
      } else {
        OAuth2UserAuthority user = (OAuth2UserAuthority) authority;
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(kind, user.getAuthority());
        String nameKey = user.getUserNameAttributeName();
        if (nameKey != null) {
          entry.put("nameKey", nameKey);
        }
        out.add(entry);
      }
    }
    return out;
  }

  private static List<GrantedAuthority> decodeAuthorities(
      List<?> stored,
      Map<String, Object> attributes,
      @Nullable OidcIdToken idToken,
      @Nullable OidcUserInfo userInfo) {
    List<GrantedAuthority> out = new ArrayList<>();
    for (Object item : stored) {
      if (item instanceof Map<?, ?> map
          && (map.containsKey("oidcUser") || map.containsKey("oauth2User"))) {
        String nameKey = map.containsKey("nameKey") ? Fields.string(map, "nameKey") : null;
        if (map.containsKey("oidcUser")) {
          if (idToken == null) {
            throw new CodecException("an OIDC user authority without an ID token");
          }
          out.add(
              new OidcUserAuthority(Fields.string(map, "oidcUser"), idToken, userInfo, nameKey));
        } else {
          out.add(new OAuth2UserAuthority(Fields.string(map, "oauth2User"), attributes, nameKey));
        }
      } else {
        out.addAll(SecurityContextCodec.decodeAuthorities(List.of(item)));
      }
    }
    return out;
  }

  /** The attribute that names the user: DefaultOAuth2User keeps its key private. */
  private static String nameKey(OAuth2User user) {
    String name = user.getName();
    if (user instanceof DefaultOidcUser oidc && name.equals(oidc.getSubject())) {
      return "sub";
    }
    for (Map.Entry<String, Object> attribute : user.getAttributes().entrySet()) {
      if (name.equals(String.valueOf(attribute.getValue()))) {
        return attribute.getKey();
      }
    }
    throw new CodecException("cannot find the attribute that names the OAuth2 user");
  }

  private static void putInstant(Map<String, Object> data, String key, @Nullable Instant at) {
    if (at != null) {
      data.put(key, at);
    }
  }

  static Authentication decode(Map<?, ?> data) {
    String nameKey = Fields.string(data, "nameKey");
    OidcIdToken id = null;
    OidcUserInfo userInfo = null;
    Map<String, Object> attributes;
    if (data.containsKey("idToken")) {
      id =
          new OidcIdToken(
              Fields.string(data, "idToken"),
              instant(data.get("idIssuedAt")),
              instant(data.get("idExpiresAt")),
              OAuth2Claims.decode(data.get("idClaims")));
      Object info = data.get("userInfo");
      userInfo = info == null ? null : new OidcUserInfo(OAuth2Claims.decode(info));
      attributes = new LinkedHashMap<>(id.getClaims());
      if (userInfo != null) {
        attributes.putAll(userInfo.getClaims());
      }
    } else {
      attributes = OAuth2Claims.decode(data.get("attributes"));
    }
    List<GrantedAuthority> userAuthorities =
        decodeAuthorities(Fields.list(data, "userAuthorities"), attributes, id, userInfo);
    List<GrantedAuthority> authorities =
        decodeAuthorities(Fields.list(data, "authorities"), attributes, id, userInfo);
    OAuth2User user =
        id != null
            ? new DefaultOidcUser(userAuthorities, id, userInfo, nameKey)
            : new DefaultOAuth2User(userAuthorities, attributes, nameKey);
    return new OAuth2AuthenticationToken(user, authorities, Fields.string(data, "registrationId"));
  }

  static @Nullable Instant instant(@Nullable Object value) {
    if (value == null || value instanceof Instant) {
      return (Instant) value;
    }
    throw new CodecException("a token time is not an instant");
  }
}
