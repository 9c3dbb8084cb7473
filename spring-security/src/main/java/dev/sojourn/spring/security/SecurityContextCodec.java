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
 * issue time) and {@link WebAuthenticationDetails}' remote address. <b>Never stored</b>:
 * credentials and the user's password (erased, as Spring Security erases them after sign-in), and
 * the details' session ID (the pre-login ID, dead once the session rotates).
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
    if (authentication.getClass() == UsernamePasswordAuthenticationToken.class) {
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
              + "Token)");
    }
    data.put("authenticated", authentication.isAuthenticated());
    data.put("principal", Principals.encode(authentication.getPrincipal()));
    data.put("authorities", encodeAuthorities(authentication.getAuthorities()));
    Object details = authentication.getDetails();
    if (details instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null) {
      data.put("remoteAddress", web.getRemoteAddress());
    } else if (details != null && !(details instanceof WebAuthenticationDetails)) {
      throw new CodecException(
          "cannot store authentication details of type " + details.getClass().getName());
    }
    return data;
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
