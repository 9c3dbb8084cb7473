package dev.sojourn.benchmarks;

import dev.sojourn.SessionManager;
import dev.sojourn.redis.RedisStore;
import io.lettuce.core.RedisURI;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * One Redis-backed session implementation, driven for one request as {@link RequestSubject} says,
 * that also names the commands its client sends.
 */
interface RedisSubject extends RequestSubject {
  /**
   * Connects the named implementation to the Redis at {@code uri}, its keys under {@code prefix}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static RedisSubject open(String impl, String uri, String prefix) {
    return RequestSubject.choose(
        impl, () -> new SojournSubject(uri, prefix), () -> new SpringSubject(uri, prefix));
  }

  /**
   * The commands this implementation's client sends, by {@code INFO commandstats} name; null if
   * every command counted there comes from the client (no Lua scripts). Commands that a script runs
   * are counted by Redis too and must be left out: a script is one round trip.
   */
  @Nullable Set<String> clientCommands();

  /** Sojourn: {@link SessionManager} on {@link RedisStore}, as {@code SojournFilter} uses them. */
  final class SojournSubject extends SojournRequestSubject implements RedisSubject {
    private final RedisStore store;

    SojournSubject(String uri, String prefix) {
      this(RedisStore.builder().uri(uri).keyPrefix(prefix).clock(CLOCK).build());
    }

    private SojournSubject(RedisStore store) {
      super(store);
      this.store = store;
    }

    /** HGETALL for a load, EVALSHA (EVAL on NOSCRIPT) for a commit; the rest runs in scripts. */
    @Override
    public Set<String> clientCommands() {
      return Set.of("hgetall", "evalsha", "eval", "script|load");
    }

    /** Round trips the store itself counted, a cross-check of the server's figures. */
    long storeRoundTrips() {
      return store.roundTrips();
    }
  }

  /**
   * Spring Session Data Redis: {@link RedisSessionRepository} on a {@link LettuceConnectionFactory}
   * with the {@code RedisTemplate} that {@code @EnableRedisHttpSession} builds by default (string
   * keys and hash keys, JDK serialization for values). The user is a session attribute, as Spring
   * Security keeps it.
   */
  final class SpringSubject extends SpringRequestSubject implements RedisSubject {
    static final String USER = "_user";

    private final LettuceConnectionFactory factory;

    SpringSubject(String uri, String prefix) {
      this(connect(uri), prefix);
    }

    private SpringSubject(LettuceConnectionFactory factory, String prefix) {
      super(repository(factory, prefix), USER);
      this.factory = factory;
    }

    static LettuceConnectionFactory connect(String uri) {
      RedisURI parsed = RedisURI.create(uri);
      LettuceConnectionFactory factory =
          new LettuceConnectionFactory(
              new RedisStandaloneConfiguration(parsed.getHost(), parsed.getPort()));
      factory.afterPropertiesSet();
      factory.start();
      return factory;
    }

    /** The template {@code @EnableRedisHttpSession} builds: string keys, JDK-serialized values. */
    static RedisTemplate<String, Object> template(LettuceConnectionFactory factory) {
      RedisTemplate<String, Object> template = new RedisTemplate<>();
      template.setKeySerializer(RedisSerializer.string());
      template.setHashKeySerializer(RedisSerializer.string());
      template.setConnectionFactory(factory);
      template.afterPropertiesSet();
      return template;
    }

    private static RedisSessionRepository repository(
        LettuceConnectionFactory factory, String prefix) {
      RedisSessionRepository redis = new RedisSessionRepository(template(factory));
      redis.setDefaultMaxInactiveInterval(TTL);
      redis.setRedisKeyNamespace(prefix + "spring");
      redis.setSessionIdGenerator(PRELOAD_IDS);
      return redis;
    }

    @Override
    public @Nullable Set<String> clientCommands() {
      return null;
    }

    @Override
    public void close() {
      factory.destroy();
    }
  }

  /**
   * Spring Session's indexed repository, {@link RedisIndexedSessionRepository} (what
   * {@code @EnableRedisIndexedHttpSession} configures): the one that can find a user's sessions,
   * through the principal-name index, as Sojourn's user index does. The user is the {@link
   * FindByIndexNameSessionRepository#PRINCIPAL_NAME_INDEX_NAME} attribute. Not in {@link
   * RedisBenchmark}'s parameters: {@link RedisFootprint} measures it as the like-for-like row.
   */
  final class SpringIndexedSubject extends SpringRequestSubject implements RedisSubject {
    private final LettuceConnectionFactory factory;
    private final RedisIndexedSessionRepository repository;

    SpringIndexedSubject(String uri, String prefix) {
      this(SpringSubject.connect(uri), prefix);
    }

    private SpringIndexedSubject(LettuceConnectionFactory factory, String prefix) {
      this(factory, repository(factory, prefix));
    }

    private SpringIndexedSubject(
        LettuceConnectionFactory factory, RedisIndexedSessionRepository repository) {
      super(repository, FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME);
      this.factory = factory;
      this.repository = repository;
    }

    private static RedisIndexedSessionRepository repository(
        LettuceConnectionFactory factory, String prefix) {
      RedisIndexedSessionRepository redis =
          new RedisIndexedSessionRepository(SpringSubject.template(factory));
      redis.setDefaultMaxInactiveInterval(TTL);
      redis.setRedisKeyNamespace(prefix + "spring");
      redis.setSessionIdGenerator(PRELOAD_IDS);
      redis.afterPropertiesSet();
      return redis;
    }

    @Override
    public @Nullable Set<String> clientCommands() {
      return null;
    }

    @Override
    public void close() {
      repository.destroy();
      factory.destroy();
    }
  }
}
