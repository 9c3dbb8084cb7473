package dev.sojourn.spring.boot;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Boot application with Actuator and Spring Security, secured as Spring Boot's documentation
 * suggests: health open, the other management endpoints for the ADMIN role over HTTP basic (no
 * session, no CSRF token for those machine clients); users sign in with a form.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ActuatorApp {
  static ConfigurableApplicationContext start(String... properties) {
    String[] args = new String[properties.length + 5];
    args[0] = "--server.port=0";
    args[1] = "--server.address=127.0.0.1";
    args[2] = "--spring.main.banner-mode=off";
    args[3] = "--management.endpoint.health.show-details=always";
    // Spring Data Redis is on the test class path; no Redis runs for this application.
    args[4] = "--management.health.redis.enabled=false";
    System.arraycopy(properties, 0, args, 5, properties.length);
    return new SpringApplication(ActuatorApp.class).run(args);
  }

  @Bean
  InMemoryUserDetailsManager users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
        User.withUsername("ops").password("{noop}ops-pw").roles("ADMIN").build());
  }

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(
            a ->
                a.requestMatchers(
                        "/actuator/health", "/actuator/health/**", "/me", "/page", "/login")
                    .permitAll()
                    .requestMatchers("/actuator/**")
                    .hasRole("ADMIN")
                    .anyRequest()
                    .authenticated())
        .csrf(c -> c.ignoringRequestMatchers("/actuator/**"))
        .httpBasic(Customizer.withDefaults())
        .formLogin(f -> f.defaultSuccessUrl("/me"));
    return http.build();
  }

  @RestController
  static class Pages {
    @GetMapping("/me")
    String me(@Nullable Principal principal) {
      return principal == null ? "anonymous" : principal.getName();
    }

    /** The (masked) CSRF token a login form would embed. */
    @GetMapping("/page")
    String page(HttpServletRequest request) {
      CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
      return token == null ? "" : token.getToken();
    }
  }
}
