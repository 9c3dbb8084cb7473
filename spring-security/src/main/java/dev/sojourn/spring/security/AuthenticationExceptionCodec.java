package dev.sojourn.spring.security;

import dev.sojourn.codec.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;

/**
 * Stores the {@link AuthenticationException} Spring Security's failure handler puts in the session
 * ({@code SPRING_SECURITY_LAST_EXCEPTION}, read by the login page to say why sign-in failed) as its
 * message only: no stack trace, no cause, no Java serialization. Without it, a failed sign-in fails
 * with a {@code CodecException} instead of going back to the form. Decoding makes an exception of
 * the same class with the same message. Thread-safe.
 *
 * @param <T> the exception class
 */
public final class AuthenticationExceptionCodec<T extends AuthenticationException>
    implements ValueCodec<T> {
  private final Class<T> type;
  private final String name;
  private final Function<String, T> create;

  private AuthenticationExceptionCodec(Class<T> type, String name, Function<String, T> create) {
    this.type = type;
    this.name = name;
    this.create = create;
  }

  /**
   * A codec for one exception class, stored under {@code name}, made back with {@code create}.
   *
   * @param <T> the exception class
   * @param type the exception class this codec stores
   * @param name the stable name stored with the exception; never reuse it for another shape
   * @param create makes the exception back from its stored message
   * @return the codec
   * @throws IllegalArgumentException if {@code name} is empty
   */
  public static <T extends AuthenticationException> AuthenticationExceptionCodec<T> of(
      Class<T> type, String name, Function<String, T> create) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
    return new AuthenticationExceptionCodec<>(
        Objects.requireNonNull(type, "type"), name, Objects.requireNonNull(create, "create"));
  }

  /**
   * Codecs for the exceptions Spring Security's own authentication providers and strategies throw.
   *
   * @return an immutable list of codecs
   */
  public static List<AuthenticationExceptionCodec<?>> standard() {
    return List.of(
        of(
            BadCredentialsException.class,
            "spring.security.bad-credentials.v1",
            BadCredentialsException::new),
        of(
            UsernameNotFoundException.class,
            "spring.security.username-not-found.v1",
            UsernameNotFoundException::new),
        of(LockedException.class, "spring.security.locked.v1", LockedException::new),
        of(DisabledException.class, "spring.security.disabled.v1", DisabledException::new),
        of(
            AccountExpiredException.class,
            "spring.security.account-expired.v1",
            AccountExpiredException::new),
        of(
            CredentialsExpiredException.class,
            "spring.security.credentials-expired.v1",
            CredentialsExpiredException::new),
        of(
            InsufficientAuthenticationException.class,
            "spring.security.insufficient.v1",
            InsufficientAuthenticationException::new),
        of(
            SessionAuthenticationException.class,
            "spring.security.session-authentication.v1",
            SessionAuthenticationException::new));
  }

  @Override
  public Class<T> type() {
    return type;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte[] encode(T value) {
    String message = value.getMessage();
    return (message == null ? "" : message).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public T decode(byte[] bytes) {
    return create.apply(new String(bytes, StandardCharsets.UTF_8));
  }
}
