package dev.sojourn.benchmarks.http;

import dev.sojourn.SessionManager;
import dev.sojourn.redis.RedisStore;
import dev.sojourn.servlet.SessionFilter;
import dev.sojourn.store.memory.MemoryStore;
import dev.sojourn.testing.redis.RedisServer;
import io.lettuce.core.RedisURI;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.SessionTrackingMode;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * One implementation's session layer in front of {@link CounterServlet}, each configured as its
 * framework configures it by default, with the same idle timeout ({@link #IDLE_TIMEOUT}) and the
 * session ID in a cookie:
 *
 * <ul>
 *   <li>{@code none}: no session layer (the baseline);
 *   <li>{@code jetty}: Jetty's {@link SessionHandler} with a {@link DefaultSessionCache} over a
 *       {@link NullSessionDataStore} (sessions live in the cache only), cookie tracking only;
 *   <li>{@code spring}: Spring Session's {@link SessionRepositoryFilter} over a {@link
 *       MapSessionRepository} on a {@link ConcurrentHashMap}, mapped for {@code REQUEST}, {@code
 *       ERROR} and {@code ASYNC} as Spring Boot registers it;
 *   <li>{@code sojourn}: Sojourn's {@link SessionFilter} (default cookie settings) over a {@link
 *       SessionManager} on a {@link MemoryStore} (default settings), mapped as Sojourn's Spring
 *       Boot starter maps it;
 *   <li>{@code spring-redis}: {@link SessionRepositoryFilter} over {@link RedisSessionRepository},
 *       as Spring Boot 4 configures it by default ({@code spring.session.redis.repository-type=
 *       default}): a Lettuce {@link LettuceConnectionFactory}, a {@link RedisTemplate} with string
 *       keys and hash keys and JDK serialization for values, namespace {@code spring:session};
 *   <li>{@code sojourn-redis}: {@link SessionFilter} over a {@link RedisStore} (default settings).
 * </ul>
 *
 * The Redis layers start their own {@code redis-server} ({@link RedisServer}) on a loopback port
 * and stop it on {@link #close()}. Not thread-safe; the filters it installs are.
 */
abstract class SessionLayer implements AutoCloseable {
  /** Every layer's idle timeout. */
  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

  /** The implementations, in the order they are reported. */
  static final List<String> NAMES =
      List.of("none", "jetty", "spring", "sojourn", "spring-redis", "sojourn-redis");

  private static final EnumSet<DispatcherType> DISPATCHES =
      EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);

  /**
   * Opens the named layer (starting its {@code redis-server}, for the Redis ones).
   *
   * @throws IllegalArgumentException for a name not in {@link #NAMES}
   */
  static SessionLayer open(String name) {
    switch (name) {
      case "none":
        return new None();
      case "jetty":
        return new Jetty();
      case "spring":
        MapSessionRepository map = new MapSessionRepository(new ConcurrentHashMap<>());
        map.setDefaultMaxInactiveInterval(IDLE_TIMEOUT);
        return new Spring(map, () -> {});
      case "sojourn":
        return new Sojourn(MemoryStore.builder().build(), () -> {});
      case "spring-redis":
        return springRedis();
      case "sojourn-redis":
        RedisServer server = RedisServer.start(List.of());
        try {
          return new Sojourn(RedisStore.builder().uri(server.uri()).build(), server::close);
        } catch (RuntimeException e) {
          server.close();
          throw e;
        }
      default:
        throw new IllegalArgumentException(
            "unknown impl '" + name + "': expected one of " + String.join(", ", NAMES));
    }
  }

  /** Whether the servlet keeps its counter in a session (false for the baseline). */
  boolean sessions() {
    return true;
  }

  /** Puts the layer in front of the servlet in {@code context}, before the server starts. */
  abstract void install(ServletContextHandler context);

  /** Releases what the layer holds (connections, its {@code redis-server}). */
  @Override
  public abstract void close();

  static void filter(ServletContextHandler context, String name, Filter filter) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setName(name);
    holder.setAsyncSupported(true);
    context.addFilter(holder, "/*", DISPATCHES);
  }

  private static final class None extends SessionLayer {
    @Override
    boolean sessions() {
      return false;
    }

    @Override
    void install(ServletContextHandler context) {}

    @Override
    public void close() {}
  }

  private static final class Jetty extends SessionLayer {
    @Override
    void install(ServletContextHandler context) {
      SessionHandler handler = new SessionHandler();
      DefaultSessionCache cache = new DefaultSessionCache(handler);
      cache.setSessionDataStore(new NullSessionDataStore());
      handler.setSessionCache(cache);
      handler.setMaxInactiveInterval((int) IDLE_TIMEOUT.toSeconds());
      handler.setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE));
      context.setSessionHandler(handler);
    }

    @Override
    public void close() {}
  }

  private static final class Spring extends SessionLayer {
    private final SessionRepository<?> repository;
    private final Runnable release;

    Spring(SessionRepository<?> repository, Runnable release) {
      this.repository = repository;
      this.release = release;
    }

    @Override
    void install(ServletContextHandler context) {
      filter(context, "springSessionRepositoryFilter", filterOver(repository));
    }

    // The Redis repository's session type is not public: bind it by capture.
    private static <S extends Session> SessionRepositoryFilter<S> filterOver(
        SessionRepository<S> repository) {
      return new SessionRepositoryFilter<>(repository);
    }

    @Override
    public void close() {
      release.run();
    }
  }

  private static SessionLayer springRedis() {
    RedisServer server = RedisServer.start(List.of());
    try {
      RedisURI uri = RedisURI.create(server.uri());
      LettuceConnectionFactory factory =
          new LettuceConnectionFactory(
              new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
      factory.afterPropertiesSet();
      factory.start();
      RedisTemplate<String, Object> template = new RedisTemplate<>();
      template.setKeySerializer(RedisSerializer.string());
      template.setHashKeySerializer(RedisSerializer.string());
      template.setConnectionFactory(factory);
      template.afterPropertiesSet();
      RedisSessionRepository repository = new RedisSessionRepository(template);
      repository.setDefaultMaxInactiveInterval(IDLE_TIMEOUT);
      return new Spring(
          repository,
          () -> {
            factory.destroy();
            server.close();
          });
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private static final class Sojourn extends SessionLayer {
    private final SessionManager manager;
    private final Runnable release;

    Sojourn(dev.sojourn.store.SessionStore store, Runnable release) {
      this.manager = SessionManager.builder().store(store).idleTimeout(IDLE_TIMEOUT).build();
      this.release = release;
    }

    @Override
    void install(ServletContextHandler context) {
      filter(context, "sojournSessionFilter", SessionFilter.of(manager));
    }

    @Override
    public void close() {
      manager.close();
      release.run();
    }
  }
}
