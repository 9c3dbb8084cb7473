package dev.sojourn.spring.boot;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A Boot web application with Spring Security's form login, as most applications have it. */
@SpringBootConfiguration
@EnableAutoConfiguration
class SecuredApp {
  static ConfigurableApplicationContext start(String... properties) {
    SpringApplication app = new SpringApplication(SecuredApp.class);
    String[] args = new String[properties.length + 3];
    args[0] = "--server.port=0";
    args[1] = "--server.address=127.0.0.1";
    args[2] = "--spring.main.banner-mode=off";
    System.arraycopy(properties, 0, args, 3, properties.length);
    return app.run(args);
  }

  static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  @Bean
  InMemoryUserDetailsManager users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
        User.withUsername("bob").password("{noop}bob-pw").roles("USER", "ADMIN").build());
  }

  @Bean
  SecurityFilterChain security(HttpSecurity http, org.springframework.core.env.Environment env)
      throws Exception {
    int maxSessions = env.getProperty("test.max-sessions", Integer.class, 0);
    if (maxSessions > 0) {
      boolean prevent = env.getProperty("test.prevent-login", Boolean.class, false);
      http.sessionManagement(s -> s.maximumSessions(maxSessions).maxSessionsPreventsLogin(prevent));
    }
    http.authorizeHttpRequests(
            a ->
                a.requestMatchers("/me", "/page", "/login")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .formLogin(f -> f.defaultSuccessUrl("/me"))
        .logout(l -> l.logoutSuccessUrl("/me"));
    return http.build();
  }

  @RestController
  static class Pages {
    /** The signed-in user's name, or "anonymous". */
    @GetMapping("/me")
    String me(@Nullable Principal principal) {
      return principal == null ? "anonymous" : principal.getName();
    }

    /** A page with a form: the (masked) CSRF token it would embed. */
    @GetMapping("/page")
    String page(HttpServletRequest request) {
      CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
      return token == null ? "" : token.getToken();
    }

    @GetMapping("/private")
    String secret(Principal principal) {
      return "secret of " + principal.getName();
    }

    @PostMapping("/change")
    String change(Principal principal) {
      return "changed by " + principal.getName();
    }
  }
}
