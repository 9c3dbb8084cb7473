package dev.sojourn.spring.security;

import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.codec.CodecException;
import dev.sojourn.codec.ValueCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Stores Spring Security's {@link SecurityContextImpl} (what {@code
 * HttpSessionSecurityContextRepository} puts in the session) as plain data: no Java serialization,
 * no class name in the stored bytes. Register it with {@link
 * AttributeCodec.Builder#register(ValueCodec)}; the Spring Boot starter does.
 *
 * <p><b>What round-trips</b>: an empty context; {@link UsernamePasswordAuthenticationToken} and
 * {@link RememberMeAuthenticationToken} whose principal is a {@link String} or a {@link User}, with
 * their authorities ({@link SimpleGrantedAuthority}, and {@link FactorGrantedAuthority} with its
 * issue time) and {@link WebAuthenticationDetails}' remote address. When their jars are on the
 * class path (optional dependencies), also OAuth2 login's {@code OAuth2AuthenticationToken}
 * (principal {@code DefaultOAuth2User}, or {@code DefaultOidcUser} with its ID token and user info)
 * and the resource server's {@code JwtAuthenticationToken} and {@code BearerTokenAuthentication}
 * (principal {@code DefaultOAuth2AuthenticatedPrincipal}), with their authorities, claims and token
 * values (an OAuth2 token is its own principal; a claim {@code Set} comes back as a {@code List}).
 * <b>Never stored</b>: credentials and the user's password (erased, as Spring Security erases them
 * after sign-in), and the details' session ID (the pre-login ID, dead once the session rotates).
 *
 * <p><b>Refused</b> ({@link CodecException} from {@link #encode}, so the request that signs in
 * fails loudly instead of storing something that cannot be read back): other authentication,
 * principal, authority or details types; a remember-me token when no remember-me key was given.
 * Register a codec of your own for those.
 *
 * <p><b>Unreadable</b> bytes (a later format, a remember-me token under another key, garbage) throw
 * {@link CodecException} from {@link #decode}; the session manager then treats the whole session as
 * absent, so the client counts as signed out, never as an error page. Thread-safe.
 */
public final class SecurityContextCodec implements ValueCodec<SecurityContextImpl> {
  /** The name written with every stored context. */
  public static final String NAME = "spring.security.context.v1";

  private static final AttributeCodec DATA = AttributeCodec.defaults();
  private static final String PASSWORD_TOKEN = "username-password";
  private static final String REMEMBER_ME_TOKEN = "remember-me";
  private static final String OAUTH2_LOGIN_TOKEN = OAuth2LoginTokens.TYPE;
  private static final String JWT_TOKEN = ResourceServerTokens.JWT;
  private static final String BEARER_TOKEN = ResourceServerTokens.BEARER;
  private static final boolean OAUTH2_LOGIN =
      present(
          "org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken");
  private static final boolean RESOURCE_SERVER =
      present(
          "org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken",
          "org.springframework.security.oauth2.jwt.Jwt");

  private final @Nullable String rememberMeKey;

  private SecurityContextCodec(@Nullable String rememberMeKey) {
    this.rememberMeKey = rememberMeKey;
  }

  /**
   * A codec for contexts without remember-me tokens.
   *
   * @return the codec
   */
  public static SecurityContextCodec create() {
    return new SecurityContextCodec(null);
  }

  /**
   * A codec that also stores {@link RememberMeAuthenticationToken}s made with this key (the key of
   * the application's {@code RememberMeServices}); a stored token whose key hash differs is
   * unreadable.
   *
   * @param key the remember-me key
   * @return the codec
   * @throws IllegalArgumentException if {@code key} is empty
   */
  public static SecurityContextCodec withRememberMeKey(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("rememberMeKey must not be empty");
    }
    return new SecurityContextCodec(key);
  }

  @Override
  public Class<SecurityContextImpl> type() {
    return SecurityContextImpl.class;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte[] encode(SecurityContextImpl context) {
    Map<String, Object> data = new LinkedHashMap<>();
    Authentication authentication = context.getAuthentication();
    if (authentication != null) {
      data.put("auth", encodeAuthentication(authentication));
    }
    return DATA.encode(data);
  }

  private Map<String, Object> encodeAuthentication(Authentication authentication) {
    Map<String, Object> data = new LinkedHashMap<>();
    Map<String, Object> oauth2 = encodeOAuth2(authentication);
    if (oauth2 != null) {
      data.putAll(oauth2);
    } else if (authentication.getClass() == UsernamePasswordAuthenticationToken.class) {
      data.put("type", PASSWORD_TOKEN);
    } else if (authentication.getClass() == RememberMeAuthenticationToken.class) {
      RememberMeAuthenticationToken token = (RememberMeAuthenticationToken) authentication;
      if (rememberMeKey == null || token.getKeyHash() != rememberMeKey.hashCode()) {
        throw new CodecException(
            "a RememberMeAuthenticationToken can be stored only by a SecurityContextCodec made"
                + " withRememberMeKey(the RememberMeServices' key)");
      }
      data.put("type", REMEMBER_ME_TOKEN);
    } else {
      throw new CodecException(
          "cannot store a "
              + authentication.getClass().getName()
              + " in a Sojourn session: register a ValueCodec for SecurityContextImpl that knows"
              + " it (supported: UsernamePasswordAuthenticationToken, RememberMeAuthentication"
              + "Token, and with their jars OAuth2AuthenticationToken, JwtAuthenticationToken,"
              + " BearerTokenAuthentication)");
    }
    data.put("authenticated", authentication.isAuthenticated());
    if (oauth2 == null) {
      data.put("principal", Principals.encode(authentication.getPrincipal()));
    }
    if (!data.containsKey("authorities")) {
      data.put("authorities", encodeAuthorities(authentication.getAuthorities()));
    }
    Object details = authentication.getDetails();
    if (details instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null) {
      data.put("remoteAddress", web.getRemoteAddress());
    } else if (details != null && !(details instanceof WebAuthenticationDetails)) {
      throw new CodecException(
          "cannot store authentication details of type " + details.getClass().getName());
    }
    return data;
  }

  /** The OAuth2 token's own fields, or null if it is none of the OAuth2 types present. */
  private static @Nullable Map<String, Object> encodeOAuth2(Authentication authentication) {
    Map<String, Object> data = null;
    if (OAUTH2_LOGIN) {
      data = OAuth2LoginTokens.encode(authentication);
    }
    if (data == null && RESOURCE_SERVER) {
      data = ResourceServerTokens.encode(authentication);
    }
    return data;
  }

  private static boolean present(String... classNames) {
    for (String name : classNames) {
      try {
        Class.forName(name, false, SecurityContextCodec.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        return false;
      }
    }
    return true;
  }

  static List<Object> encodeAuthorities(Collection<? extends GrantedAuthority> authorities) {
    List<Object> out = new ArrayList<>();
    for (GrantedAuthority authority : authorities) {
      String name = authority.getAuthority();
      if (name == null) {
        throw new CodecException("cannot store an authority without a name: " + authority);
      }
      if (authority instanceof FactorGrantedAuthority factor) {
        out.add(Map.of("factor", name, "issuedAt", factor.getIssuedAt()));
      } else if (authority.getClass() == SimpleGrantedAuthority.class) {
        out.add(name);
      } else {
        throw new CodecException(
            "cannot store a " + authority.getClass().getName() + " authority (" + name + ")");
      }
    }
    return out;
  }

  @Override
  public SecurityContextImpl decode(byte[] bytes) {
    Map<?, ?> data = Fields.map(DATA.decode(bytes), "context");
    Object auth = data.get("auth");
    if (auth == null) {
      return new SecurityContextImpl();
    }
    return new SecurityContextImpl(decodeAuthentication(Fields.map(auth, "auth")));
  }

  private Authentication decodeAuthentication(Map<?, ?> data) {
    String type = Fields.string(data, "type");
    boolean authenticated = Fields.bool(data, "authenticated");
    if (type.equals(OAUTH2_LOGIN_TOKEN) || type.equals(JWT_TOKEN) || type.equals(BEARER_TOKEN)) {
      return decodeOAuth2(type, data, authenticated);
    }
    List<GrantedAuthority> authorities = decodeAuthorities(Fields.list(data, "authorities"));
    Object principal = Principals.decode(data.get("principal"), authorities);
    Authentication result;
    if (type.equals(PASSWORD_TOKEN)) {
      UsernamePasswordAuthenticationToken token =
          authenticated
              ? UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities)
              : UsernamePasswordAuthenticationToken.unauthenticated(principal, null);
      Object address = data.get("remoteAddress");
      if (address instanceof String remote) {
        token.setDetails(new WebAuthenticationDetails(remote, null));
      }
      result = token;
    } else if (type.equals(REMEMBER_ME_TOKEN)) {
      if (rememberMeKey == null) {
        throw new CodecException("a remember-me token is stored but this codec has no key");
      }
      RememberMeAuthenticationToken token =
          new RememberMeAuthenticationToken(rememberMeKey, principal, authorities);
      token.setAuthenticated(authenticated);
      result = token;
    } else {
      throw new CodecException("unknown authentication type '" + type + "'");
    }
    return result;
  }

  private static Authentication decodeOAuth2(String type, Map<?, ?> data, boolean authenticated) {
    Authentication token;
    if (type.equals(OAUTH2_LOGIN_TOKEN)) {
      if (!OAUTH2_LOGIN) {
        throw new CodecException(
            "an OAuth2 login is stored but spring-security-oauth2-client is not on the class path");
      }
      token = OAuth2LoginTokens.decode(data);
    } else {
      if (!RESOURCE_SERVER) {
        throw new CodecException(
            "a resource-server token is stored but spring-security-oauth2-resource-server and"
                + " spring-security-oauth2-jose are not on the class path");
      }
      token =
          ResourceServerTokens.decode(
              type, data, decodeAuthorities(Fields.list(data, "authorities")));
    }
    if (!authenticated) {
      token.setAuthenticated(false);
    }
    Object address = data.get("remoteAddress");
    if (address instanceof String remote && token instanceof AbstractAuthenticationToken base) {
      base.setDetails(new WebAuthenticationDetails(remote, null));
    }
    return token;
  }

  static List<GrantedAuthority> decodeAuthorities(List<?> stored) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    for (Object item : stored) {
      if (item instanceof String name) {
        authorities.add(new SimpleGrantedAuthority(name));
      } else {
        Map<?, ?> factor = Fields.map(item, "authority");
        Object issuedAt = factor.get("issuedAt");
        if (!(issuedAt instanceof Instant at)) {
          throw new CodecException("factor authority without issuedAt");
        }
        authorities.add(
            FactorGrantedAuthority.withAuthority(Fields.string(factor, "factor"))
                .issuedAt(at)
                .build());
      }
    }
    return authorities;
  }
}
