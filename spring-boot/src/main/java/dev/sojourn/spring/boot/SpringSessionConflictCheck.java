package dev.sojourn.spring.boot;

import java.util.Arrays;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Fails startup when Spring Session's {@code SessionRepositoryFilter} is configured beside Sojourn:
 * two filters would each replace the HTTP session, and which one an application saw would depend on
 * filter order. Spring Session on the class path alone (no filter bean) is fine.
 */
final class SpringSessionConflictCheck implements SmartInitializingSingleton {
  static final String FILTER = "org.springframework.session.web.http.SessionRepositoryFilter";

  private final ListableBeanFactory beans;

  SpringSessionConflictCheck(ListableBeanFactory beans) {
    this.beans = beans;
  }

  @Override
  public void afterSingletonsInstantiated() {
    Class<?> filter;
    try {
      filter = ClassUtils.forName(FILTER, getClass().getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return;
    }
    String[] names = beans.getBeanNamesForType(filter, true, false);
    if (names.length > 0) {
      throw new IllegalStateException(
          "Both Spring Session (bean "
              + Arrays.toString(names)
              + " of type "
              + FILTER
              + ") and Sojourn replace the HTTP session; use one. To keep Spring Session, set"
              + " sojourn.enabled=false or remove sojourn-spring-boot-starter; to move to Sojourn,"
              + " remove spring-session-* and @Enable*HttpSession (see docs/spring.md).");
    }
  }

  /** Registers the check when Spring Session is on the class path. */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = FILTER)
  static class Configuration {
    @Bean
    static SpringSessionConflictCheck sojournSpringSessionConflictCheck(ListableBeanFactory beans) {
      return new SpringSessionConflictCheck(beans);
    }
  }
}
