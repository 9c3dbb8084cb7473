package dev.sojourn.spring.security;

import dev.sojourn.codec.CodecException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** The principals {@link SecurityContextCodec} stores: a name, or a {@link User} (no password). */
final class Principals {
  private Principals() {}

  static Object encode(@Nullable Object principal) {
    if (principal instanceof String name) {
      return name;
    }
    if (principal != null && principal.getClass() == User.class) {
      User user = (User) principal;
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("username", user.getUsername());
      data.put("enabled", user.isEnabled());
      data.put("accountNonExpired", user.isAccountNonExpired());
      data.put("accountNonLocked", user.isAccountNonLocked());
      data.put("credentialsNonExpired", user.isCredentialsNonExpired());
      data.put("authorities", SecurityContextCodec.encodeAuthorities(user.getAuthorities()));
      return data;
    }
    throw new CodecException(
        "cannot store a principal of type "
            + (principal == null ? "null" : principal.getClass().getName())
            + " (supported: String, org.springframework.security.core.userdetails.User)");
  }

  static Object decode(@Nullable Object stored, List<GrantedAuthority> tokenAuthorities) {
    if (stored instanceof String name) {
      return name;
    }
    Map<?, ?> data = Fields.map(stored, "principal");
    List<GrantedAuthority> authorities =
        data.containsKey("authorities")
            ? SecurityContextCodec.decodeAuthorities(Fields.list(data, "authorities"))
            : tokenAuthorities;
    User user =
        new User(
            Fields.string(data, "username"),
            "",
            Fields.bool(data, "enabled"),
            Fields.bool(data, "accountNonExpired"),
            Fields.bool(data, "credentialsNonExpired"),
            Fields.bool(data, "accountNonLocked"),
            authorities);
    user.eraseCredentials();
    return user;
  }
}
