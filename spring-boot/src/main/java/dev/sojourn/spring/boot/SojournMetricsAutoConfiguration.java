package dev.sojourn.spring.boot;

import dev.sojourn.SessionMetrics;
import dev.sojourn.micrometer.SojournMetrics;
import dev.sojourn.store.SessionStore;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Sojourn's Micrometer meters ({@link SojournMetrics}: {@code sojourn.sessions.*}, {@code
 * sojourn.store.*}, tagged with the store) when Micrometer and {@code sojourn-micrometer} are on
 * the class path. The bean is both the {@link SessionMetrics} observer the auto-configured {@code
 * SessionManager} reports to and a {@link MeterBinder}, which Spring Boot's metrics support binds
 * to the application's registry. Backs off when the application defines its own {@link
 * SessionMetrics}; an application that builds its own {@code SessionManager} passes the bean to
 * {@code SessionManager.Builder.metrics} itself.
 */
@AutoConfiguration(after = SojournAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, SojournMetrics.class})
@ConditionalOnBean(SessionStore.class)
public class SojournMetricsAutoConfiguration {
  /** Created by Spring when the conditions above match; applications do not call it. */
  public SojournMetricsAutoConfiguration() {}

  /**
   * The meters, over the store the session manager uses.
   *
   * @param store the store bean, whose statistics the store gauges read
   * @return the metrics, both the session manager's observer and a {@link MeterBinder}
   */
  @Bean
  @ConditionalOnMissingBean(SessionMetrics.class)
  public SojournMetrics sojournMetrics(SessionStore store) {
    return new SojournMetrics(store);
  }
}
