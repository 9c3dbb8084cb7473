package dev.sojourn.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.SessionManager;
import dev.sojourn.SessionMetrics;
import dev.sojourn.micrometer.SojournMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every condition of {@link SojournMetricsAutoConfiguration}. */
class SojournMetricsAutoConfigurationTest {
  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SojournAutoConfiguration.class, SojournMetricsAutoConfiguration.class));

  @Test
  void withMicrometer_theManagerReportsToTheBinder() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(SojournMetrics.class);
          SimpleMeterRegistry registry = new SimpleMeterRegistry();
          context.getBean(SojournMetrics.class).bindTo(registry);
          context.getBean(SessionManager.class).createSession();
          assertThat(
                  registry
                      .get("sojourn.sessions.created")
                      .tag("store", "memory")
                      .functionCounter()
                      .count())
              .isEqualTo(1);
        });
  }

  @Test
  void bootsMetricsSupport_bindsTheMetersToTheApplicationsRegistry() {
    runner
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class))
        .run(
            context -> {
              context.getBean(SessionManager.class).createSession();
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(registry.get("sojourn.sessions.created").functionCounter().count())
                  .isEqualTo(1);
              assertThat(
                      registry
                          .get("sojourn.store.operations")
                          .tag("operation", "commit")
                          .tag("outcome", "success")
                          .timer()
                          .count())
                  .isEqualTo(1);
              assertThat(registry.get("sojourn.sessions.active").gauge().value()).isEqualTo(1);
            });
  }

  @Test
  void withoutMicrometer_noBinder_andTheManagerStillWorks() {
    runner
        .withClassLoader(new FilteredClassLoader(MeterBinder.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(SessionMetrics.class);
              assertThat(context.getBean(SessionManager.class).createSession()).isNotEmpty();
            });
  }

  @Test
  void withoutSojournMicrometer_noBinder() {
    runner
        .withClassLoader(new FilteredClassLoader(SojournMetrics.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SessionMetrics.class));
  }

  @Test
  void sojournDisabled_noBinder() {
    runner
        .withPropertyValues("sojourn.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SessionMetrics.class));
  }

  @Test
  void anApplicationsOwnObserver_replacesTheBinder_andHearsTheManager() {
    runner
        .withUserConfiguration(OwnMetrics.class)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(SojournMetrics.class);
              context.getBean(SessionManager.class).createSession();
              assertThat(context.getBean(OwnMetrics.class).created).hasValue(1);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnMetrics {
    final AtomicInteger created = new AtomicInteger();

    @Bean
    SessionMetrics ownMetrics() {
      return new SessionMetrics() {
        @Override
        public void created() {
          created.incrementAndGet();
        }
      };
    }
  }
}
