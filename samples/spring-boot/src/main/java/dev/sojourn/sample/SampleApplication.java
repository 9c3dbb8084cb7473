package dev.sojourn.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An ordinary Spring Boot application with Spring Security: every page needs a sign-in, through
 * Spring Security's own login form; sign-out is its {@code POST /logout}. Nothing here is specific
 * to Sojourn: the starter on the class path makes {@code request.getSession()} a Sojourn session,
 * turns Spring's session fixation protection into a Sojourn rotation, backs Spring's CSRF token
 * with the session's, and {@code sojourn.max-sessions-per-user=2} (application.properties) caps
 * each user's sessions.
 */
@SpringBootApplication
public class SampleApplication {
  /** Starts the application: {@code java -jar sojourn-sample-spring-boot.jar}. */
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }

  /** Two demo users, alice / wonderland and bob / builder (bcrypt hashes, made at startup). */
  @Bean
  UserDetailsService users() {
    PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password(encoder.encode("wonderland")).roles("USER").build(),
        User.withUsername("bob").password(encoder.encode("builder")).roles("USER").build());
  }

  /** Every page needs a signed-in user; Spring Security's login page and logout as they come. */
  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .formLogin(Customizer.withDefaults())
        .logout(Customizer.withDefaults())
        .build();
  }
}
