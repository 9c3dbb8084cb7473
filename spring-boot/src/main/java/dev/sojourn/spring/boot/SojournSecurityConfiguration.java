package dev.sojourn.spring.boot;

import dev.sojourn.SessionManager;
import dev.sojourn.spring.security.AuthenticationExceptionCodec;
import dev.sojourn.spring.security.SavedRequestCodec;
import dev.sojourn.spring.security.SecurityContextCodec;
import dev.sojourn.spring.security.SessionCsrfTokenRepository;
import dev.sojourn.spring.security.SessionUserFilter;
import dev.sojourn.spring.security.UserIndexSessionRegistry;
import dev.sojourn.store.UserIndex;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * Spring Security on Sojourn, when Spring Security's web support is on the class path: the {@code
 * SecurityContext} stored through {@link SecurityContextCodec} (no Java serialization), the
 * session's user kept in step with the signed-in principal ({@link SessionUserFilter}, right after
 * the session filter), and one CSRF token, the session's ({@link SessionCsrfTokenRepository},
 * applied to every {@link HttpSecurity} through a {@code Customizer<HttpSecurity>} bean, which
 * Spring Security 7 applies before the application's own configuration, so an explicit {@code
 * csrf.csrfTokenRepository(...)} still wins). Sojourn's own {@code CsrfFilter} is never registered
 * by the starter: Spring Security's CSRF protection is the one in force.
 *
 * <p>Session fixation protection needs nothing here: Spring Security's default {@code
 * changeSessionId} strategy calls {@code HttpServletRequest.changeSessionId()}, which the session
 * filter turns into a Sojourn rotation (ID and CSRF token renewed, the old ID dead). Logout's
 * {@code HttpSession.invalidate()} ends the Sojourn session and clears the cookie.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(
    name = {
      "org.springframework.security.core.context.SecurityContextImpl",
      "org.springframework.security.web.csrf.CsrfTokenRepository",
      "dev.sojourn.spring.security.SessionUserFilter"
    })
class SojournSecurityConfiguration {
  /** Registered into the attribute codec, like every {@code ValueCodec} bean. */
  @Bean
  @ConditionalOnMissingBean
  SecurityContextCodec sojournSecurityContextCodec(SojournProperties properties) {
    String key = properties.getSecurity().getRememberMeKey();
    return key == null || key.isEmpty()
        ? SecurityContextCodec.create()
        : SecurityContextCodec.withRememberMeKey(key);
  }

  /**
   * Concurrent session control across nodes: Spring Security uses a {@code SessionRegistry} bean by
   * itself for {@code sessionManagement().maximumSessions(n)}. Only for stores with a user index.
   */
  @Bean
  @ConditionalOnMissingBean(SessionRegistry.class)
  SessionRegistry sojournSessionRegistry(SessionManager manager) {
    return manager.store() instanceof UserIndex
        ? new UserIndexSessionRegistry(manager)
        : new SessionRegistryImpl();
  }

  /** Lets a failed sign-in keep its reason in the session, for the login page. */
  @Bean
  AuthenticationExceptionCodecs sojournAuthenticationExceptionCodecs() {
    return new AuthenticationExceptionCodecs(AuthenticationExceptionCodec.standard());
  }

  /** The standard exception codecs, registered into the attribute codec as a group. */
  record AuthenticationExceptionCodecs(List<AuthenticationExceptionCodec<?>> codecs)
      implements SojournAutoConfiguration.CodecGroup {}

  /** Lets Spring Security's request cache keep a protected page's request in the session. */
  @Bean
  @ConditionalOnMissingBean
  SavedRequestCodec sojournSavedRequestCodec() {
    return new SavedRequestCodec();
  }

  @Bean
  @ConditionalOnMissingBean(CsrfTokenRepository.class)
  SessionCsrfTokenRepository sojournCsrfTokenRepository() {
    return new SessionCsrfTokenRepository();
  }

  @Bean
  FilterRegistrationBean<SessionUserFilter> sojournSessionUserFilterRegistration(
      SojournProperties properties) {
    FilterRegistrationBean<SessionUserFilter> registration =
        new FilterRegistrationBean<>(new SessionUserFilter());
    registration.setName("sojournSessionUserFilter");
    registration.setOrder(properties.getFilterOrder() + 1);
    registration.setDispatcherTypes(
        jakarta.servlet.DispatcherType.REQUEST,
        jakarta.servlet.DispatcherType.ERROR,
        jakarta.servlet.DispatcherType.ASYNC);
    return registration;
  }

  /** Applies the session-backed CSRF repository to every {@link HttpSecurity}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = "org.springframework.security.config.annotation.web.builders.HttpSecurity")
  static class HttpSecurityCustomization {
    @Bean
    Customizer<HttpSecurity> sojournHttpSecurityCustomizer(
        CsrfTokenRepository csrfTokenRepository) {
      return http -> {
        try {
          http.csrf(csrf -> csrf.csrfTokenRepository(csrfTokenRepository));
        } catch (Exception e) {
          throw new IllegalStateException("cannot apply Sojourn's CSRF token repository", e);
        }
      };
    }
  }
}
