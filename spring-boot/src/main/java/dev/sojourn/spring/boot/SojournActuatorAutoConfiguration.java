package dev.sojourn.spring.boot;

import dev.sojourn.SessionManager;
import dev.sojourn.store.SessionStore;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sojourn's Actuator parts, each when its Spring Boot module is present: the {@code sojourn} health
 * indicator ({@link SojournHealthIndicator}; {@code spring-boot-health}, off with {@code
 * management.health.sojourn.enabled=false}) and the {@code sessions} endpoint ({@link
 * SojournSessionsEndpoint}; {@code spring-boot-actuator-autoconfigure}, created only when the
 * endpoint is available: accessible and exposed, which over HTTP it is not until {@code
 * management.endpoints.web.exposure.include} names it). Each backs off to the application's own
 * bean.
 */
@AutoConfiguration(after = SojournAutoConfiguration.class)
public class SojournActuatorAutoConfiguration {
  /** Created by Spring when Spring Boot loads auto-configurations; applications do not call it. */
  public SojournActuatorAutoConfiguration() {}

  /** The store's health indicator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnBean(SessionStore.class)
  @ConditionalOnEnabledHealthIndicator("sojourn")
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "sojournHealthIndicator")
    SojournHealthIndicator sojournHealthIndicator(SessionStore store) {
      return new SojournHealthIndicator(store);
    }
  }

  /** The {@code sessions} endpoint. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
  @ConditionalOnBean(SessionManager.class)
  @ConditionalOnAvailableEndpoint(SojournSessionsEndpoint.class)
  static class Sessions {
    @Bean
    @ConditionalOnMissingBean
    SojournSessionsEndpoint sojournSessionsEndpoint(SessionManager manager) {
      return new SojournSessionsEndpoint(manager);
    }
  }
}
