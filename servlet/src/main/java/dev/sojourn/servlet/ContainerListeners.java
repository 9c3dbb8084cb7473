package dev.sojourn.servlet;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EventListener;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the session listeners registered with the container ({@code <listener>} in web.xml,
 * {@code @WebListener}, {@code ServletContext.addListener}), so that {@link SessionFilter} fires
 * them without being told twice.
 *
 * <p>The Servlet API has no way to list a context's listeners, so this asks the two containers
 * Sojourn supports, reflectively, so that neither is needed at compile or run time:
 *
 * <ul>
 *   <li><b>Jetty 12</b> (ee10, ee11): the context handler's public {@code getEventListeners()}.
 *   <li><b>Tomcat 10.1 and 11</b>: {@code StandardContext}'s public {@code
 *       getApplicationLifecycleListeners()} and {@code getApplicationEventListeners()}, reached
 *       through the private fields of Tomcat's {@code ServletContext} facade.
 * </ul>
 *
 * Any other container, or one run under rules that forbid the reflection, yields empty, and the
 * filter says so in its log: register the listeners with {@link SessionFilter.Builder#listener}.
 */
final class ContainerListeners {
  private ContainerListeners() {}

  /**
   * The session listeners registered with {@code context}'s container, in registration order; empty
   * if this container cannot be asked.
   */
  static Optional<List<EventListener>> of(ServletContext context) {
    try {
      List<Object> found = jetty(context);
      if (found == null) {
        found = tomcat(context);
      }
      if (found == null) {
        return Optional.empty();
      }
      List<EventListener> sessionListeners = new ArrayList<>();
      for (Object listener : found) {
        if (listener instanceof EventListener l && SessionEvents.isSessionListener(l)) {
          sessionListeners.add(l);
        }
      }
      return Optional.of(sessionListeners);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Jetty 12: {@code ServletContextApi.getContextHandler().getEventListeners()}, or null. */
  private static @Nullable List<Object> jetty(ServletContext context)
      throws ReflectiveOperationException {
    Method handlerGetter = publicMethod(context.getClass(), "getContextHandler");
    if (handlerGetter == null) {
      return null;
    }
    Object handler = handlerGetter.invoke(context);
    Method listeners =
        handler == null ? null : publicMethod(handler.getClass(), "getEventListeners");
    if (listeners == null || !(listeners.invoke(handler) instanceof Collection<?> all)) {
      return null;
    }
    return new ArrayList<>(all);
  }

  /** Tomcat: {@code ApplicationContextFacade.context.context} is the {@code StandardContext}. */
  private static @Nullable List<Object> tomcat(ServletContext context)
      throws ReflectiveOperationException {
    if (!context.getClass().getName().equals("org.apache.catalina.core.ApplicationContextFacade")) {
      return null;
    }
    Object applicationContext = field(context, "context");
    Object standardContext = field(applicationContext, "context");
    List<Object> found = new ArrayList<>();
    for (String getter :
        List.of("getApplicationLifecycleListeners", "getApplicationEventListeners")) {
      Object listeners = standardContext.getClass().getMethod(getter).invoke(standardContext);
      if (listeners instanceof Object[] array) {
        found.addAll(Arrays.asList(array));
      }
    }
    return found;
  }

  private static @Nullable Method publicMethod(Class<?> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    Object value = field.get(owner);
    if (value == null) {
      throw new NoSuchFieldException(name + " is null");
    }
    return value;
  }
}
