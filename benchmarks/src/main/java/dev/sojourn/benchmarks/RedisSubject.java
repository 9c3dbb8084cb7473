package dev.sojourn.benchmarks;

import dev.sojourn.SessionManager;
import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.redis.RedisStore;
import dev.sojourn.store.SessionChange;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * One Redis-backed session implementation, driven the way its servlet filter drives it for one
 * request that carries a session cookie: load the session, set one attribute if the request writes,
 * and commit. Sessions hold an ID, a CSRF token, a signed-in user and one small attribute.
 */
abstract class RedisSubject implements AutoCloseable {
  /** The one small application attribute every session holds. */
  static final String ATTRIBUTE = "cart";

  /** Idle timeout of the benchmark sessions: no session expires during a run. */
  static final Duration TTL = Duration.ofMinutes(30);

  /** The implementations, in the order they are reported. */
  static final String[] NAMES = {"sojourn", "spring"};

  /**
   * Connects the named implementation to the Redis at {@code uri}, its keys under {@code prefix}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static RedisSubject open(String impl, String uri, String prefix) {
    switch (impl.toLowerCase(Locale.ROOT)) {
      case "sojourn":
        return new SojournSubject(uri, prefix);
      case "spring":
        return new SpringSubject(uri, prefix);
      default:
        throw new IllegalArgumentException(
            "unknown impl '" + impl + "': expected sojourn or spring");
    }
  }

  /** Stores a signed-in session: ID, CSRF token, user and {@link #ATTRIBUTE}. */
  abstract void preload(String id, String csrfToken, String user, String value);

  /**
   * One request: loads the session, sets {@link #ATTRIBUTE} to {@code value} if {@code write}, and
   * commits as the implementation's filter does at the end of a request.
   *
   * @throws IllegalStateException if the session is not in Redis
   */
  abstract void request(String id, boolean write, String value);

  /** Loads the session (as a request would) and returns its {@link #ATTRIBUTE}, or null. */
  abstract @Nullable Object attribute(String id);

  /**
   * The commands this implementation's client sends, by {@code INFO commandstats} name; null if
   * every command counted there comes from the client (no Lua scripts). Commands that a script runs
   * are counted by Redis too and must be left out: a script is one round trip.
   */
  abstract @Nullable Set<String> clientCommands();

  @Override
  public abstract void close();

  /** Sojourn: {@link SessionManager} on {@link RedisStore}, as {@code SojournFilter} uses them. */
  static final class SojournSubject extends RedisSubject {
    private final RedisStore store;
    private final SessionManager sessions;
    private final InstantSource clock = InstantSource.system();
    private final AttributeCodec codec = AttributeCodec.defaults();

    SojournSubject(String uri, String prefix) {
      this.store = RedisStore.builder().uri(uri).keyPrefix(prefix).clock(clock).build();
      this.sessions = SessionManager.builder().store(store).clock(clock).idleTimeout(TTL).build();
    }

    @Override
    void preload(String id, String csrfToken, String user, String value) {
      long now = clock.millis();
      store.commit(
          SessionChange.create(id, csrfToken, now)
              .user(user, now)
              .put(ATTRIBUTE, codec.encode(value))
              .ttl(TTL)
              .build());
    }

    @Override
    void request(String id, boolean write, String value) {
      dev.sojourn.Session session = sessions.open(id);
      if (session.isNew()) {
        throw new IllegalStateException("benchmark session vanished");
      }
      if (write) {
        session.put(ATTRIBUTE, value);
      }
      sessions.commit(session);
    }

    @Override
    @Nullable Object attribute(String id) {
      dev.sojourn.Session session = sessions.open(id);
      return session.isNew() ? null : session.get(ATTRIBUTE);
    }

    /** HGETALL for a load, EVALSHA (EVAL on NOSCRIPT) for a commit; the rest runs in scripts. */
    @Override
    Set<String> clientCommands() {
      return Set.of("hgetall", "evalsha", "eval", "script|load");
    }

    /** Round trips the store itself counted, a cross-check of the server's figures. */
    long storeRoundTrips() {
      return store.roundTrips();
    }

    @Override
    public void close() {
      sessions.close();
      store.close();
    }
  }

  /**
   * Spring Session Data Redis: {@link RedisSessionRepository} on a {@link LettuceConnectionFactory}
   * with the {@code RedisTemplate} that {@code @EnableRedisHttpSession} builds by default (string
   * keys and hash keys, JDK serialization for values), used as {@code SessionRepositoryFilter} uses
   * it: {@code findById}, set the last access time, maybe set an attribute, {@code save}. The CSRF
   * token and the user are session attributes, as Spring Security keeps them.
   */
  static final class SpringSubject extends RedisSubject {
    static final String CSRF = "_csrf";
    static final String USER = "_user";

    private final LettuceConnectionFactory factory;
    private final RedisSessionRepository redis;
    // Its session type is package-private: used through the SPI, as SessionRepositoryFilter does.
    private final SessionRepository<?> repository;
    private final ThreadLocal<String> nextId = new ThreadLocal<>();

    SpringSubject(String uri, String prefix) {
      RedisURI parsed = RedisURI.create(uri);
      factory =
          new LettuceConnectionFactory(
              new RedisStandaloneConfiguration(parsed.getHost(), parsed.getPort()));
      factory.afterPropertiesSet();
      factory.start();
      RedisTemplate<String, Object> template = new RedisTemplate<>();
      template.setKeySerializer(RedisSerializer.string());
      template.setHashKeySerializer(RedisSerializer.string());
      template.setConnectionFactory(factory);
      template.afterPropertiesSet();
      redis = new RedisSessionRepository(template);
      redis.setDefaultMaxInactiveInterval(TTL);
      redis.setRedisKeyNamespace(prefix + "spring");
      // Preloading stores the shared benchmark IDs; Spring otherwise draws random UUIDs.
      redis.setSessionIdGenerator(
          () -> {
            String id = nextId.get();
            if (id == null) {
              throw new IllegalStateException("no preload ID set");
            }
            return id;
          });
      repository = redis;
    }

    @Override
    void preload(String id, String csrfToken, String user, String value) {
      nextId.set(id);
      try {
        create(repository, csrfToken, user, value);
      } finally {
        nextId.remove();
      }
    }

    private static <S extends Session> void create(
        SessionRepository<S> repository, String csrfToken, String user, String value) {
      S session = repository.createSession();
      session.setAttribute(CSRF, csrfToken);
      session.setAttribute(USER, user);
      session.setAttribute(ATTRIBUTE, value);
      repository.save(session);
    }

    @Override
    void request(String id, boolean write, String value) {
      request(repository, id, write, value);
    }

    private static <S extends Session> void request(
        SessionRepository<S> repository, String id, boolean write, String value) {
      S session = repository.findById(id);
      if (session == null) {
        throw new IllegalStateException("benchmark session vanished");
      }
      session.setLastAccessedTime(Instant.now());
      if (write) {
        session.setAttribute(ATTRIBUTE, value);
      }
      repository.save(session);
    }

    @Override
    @Nullable Object attribute(String id) {
      Session session = repository.findById(id);
      return session == null ? null : session.getAttribute(ATTRIBUTE);
    }

    @Override
    @Nullable Set<String> clientCommands() {
      return null;
    }

    @Override
    public void close() {
      factory.destroy();
    }
  }
}
