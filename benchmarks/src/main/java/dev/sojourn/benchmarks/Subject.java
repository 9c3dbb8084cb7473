package dev.sojourn.benchmarks;

import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.store.ExpiryEvents;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.memory.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;

/**
 * One store under test, driven the way a request drives it, so that every implementation does the
 * same work: a session holds an ID, a CSRF token, a user and one small attribute; {@code get} loads
 * it by ID; {@code update} loads it, sets one attribute and persists it with a fresh deadline;
 * {@code create} stores a new anonymous session with a CSRF token and one attribute.
 */
abstract class Subject implements AutoCloseable {
  /** The one small application attribute every session holds. */
  static final String ATTRIBUTE = "cart";

  /** Idle timeout of the benchmark sessions: long enough that none expires during a run. */
  static final Duration TTL = Duration.ofMinutes(30);

  /**
   * Sojourn's maximum size in the benchmarks: far above what any run stores, so that no
   * implementation evicts or refuses (the peers have no bound at all).
   */
  static final int SOJOURN_MAXIMUM_SIZE = 1 << 26;

  /**
   * The implementations, in the order they are reported; {@code map} is the bare-map ceiling
   * ({@link MapStore}), not a peer.
   */
  static final String[] NAMES = {"sojourn", "caffeine", "spring", "map"};

  /**
   * Opens an empty store of the named implementation.
   *
   * @param sweepInterval the sojourn sweeper's interval (the others have no such setting)
   * @throws IllegalArgumentException for an unknown name
   */
  static Subject open(String impl, Duration sweepInterval) {
    InstantSource clock = InstantSource.system();
    switch (impl.toLowerCase(Locale.ROOT)) {
      case "sojourn":
        return new SpiSubject(
            MemoryStore.builder()
                .clock(clock)
                .sweepInterval(sweepInterval)
                .maximumSize(SOJOURN_MAXIMUM_SIZE)
                .build(),
            clock);
      case "caffeine":
        return new SpiSubject(new CaffeineStore(clock, true), clock);
      case "spring":
        return new SpringSubject();
      case "map":
        return new SpiSubject(new MapStore(clock, false), clock);
      case "map-clock":
        return new SpiSubject(new MapStore(clock, true), clock);
      default:
        throw new IllegalArgumentException(
            "unknown impl '" + impl + "': expected sojourn, caffeine, spring, map or map-clock");
    }
  }

  /** Loads the session; returns what the store hands a request, or null. */
  abstract @Nullable Object get(String id);

  /** Loads the session, sets {@link #ATTRIBUTE} to {@code value}, and persists it. */
  abstract void update(String id, String value);

  /** Stores a new anonymous session holding a CSRF token and {@link #ATTRIBUTE}. */
  abstract void create(String id, String csrfToken, String value);

  /** Stores a signed-in session: ID, CSRF token, user and {@link #ATTRIBUTE}. */
  abstract void preload(String id, String csrfToken, String user, String value, Duration ttl);

  /** Removes the session. */
  abstract void drop(String id);

  /**
   * Asks to be told, with the lateness in milliseconds past the deadline, of every session the
   * store removes on its own because its deadline passed. Returns false if the store never does.
   */
  abstract boolean onExpiry(LongConsumer latenessMillis);

  /** How many sessions the store holds, expired ones not yet removed included. */
  abstract long size();

  @Override
  public abstract void close();

  /** Sojourn's SPI: {@code MemoryStore}, the Caffeine-based store, or the bare map. */
  static final class SpiSubject extends Subject {
    private final SessionStore store;
    private final InstantSource clock;
    private final AttributeCodec codec = AttributeCodec.defaults();

    SpiSubject(SessionStore store, InstantSource clock) {
      this.store = store;
      this.clock = clock;
    }

    @Override
    @Nullable Object get(String id) {
      return store.load(id);
    }

    @Override
    void update(String id, String value) {
      if (store.load(id) == null) {
        throw new IllegalStateException("benchmark session vanished");
      }
      store.commit(
          SessionChange.update(id)
              .put(ATTRIBUTE, codec.encode(value))
              .lastAccessedAt(clock.millis())
              .ttl(TTL)
              .build());
    }

    @Override
    void create(String id, String csrfToken, String value) {
      store.commit(
          SessionChange.create(id, csrfToken, clock.millis())
              .put(ATTRIBUTE, codec.encode(value))
              .ttl(TTL)
              .build());
    }

    @Override
    void preload(String id, String csrfToken, String user, String value, Duration ttl) {
      long now = clock.millis();
      store.commit(
          SessionChange.create(id, csrfToken, now)
              .user(user, now)
              .put(ATTRIBUTE, codec.encode(value))
              .ttl(ttl)
              .build());
    }

    @Override
    void drop(String id) {
      store.drop(id);
    }

    @Override
    boolean onExpiry(LongConsumer latenessMillis) {
      if (!(store instanceof ExpiryEvents)) {
        return false;
      }
      ((ExpiryEvents) store)
          .addExpiryListener(
              (Snapshot s) -> latenessMillis.accept(clock.millis() - s.expiresAtMillis()));
      return true;
    }

    @Override
    long size() {
      if (store instanceof MemoryStore) {
        return ((MemoryStore) store).size();
      }
      if (store instanceof MapStore) {
        return ((MapStore) store).size();
      }
      return ((CaffeineStore) store).size();
    }

    /** Runs pending Caffeine maintenance, so that what is measured is what is held. */
    void settle() {
      if (store instanceof CaffeineStore) {
        ((CaffeineStore) store).cleanUp();
      }
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /**
   * Spring Session's {@link MapSessionRepository} over a {@link ConcurrentHashMap}, used as its
   * session repository filter uses it: the CSRF token and the user are session attributes (as
   * Spring Security keeps them), and every request sets the last access time.
   */
  static final class SpringSubject extends Subject {
    static final String CSRF = "_csrf";
    static final String USER = "_user";

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final MapSessionRepository repository = new MapSessionRepository(sessions);

    SpringSubject() {
      repository.setDefaultMaxInactiveInterval(TTL);
    }

    @Override
    @Nullable Object get(String id) {
      return repository.findById(id);
    }

    @Override
    void update(String id, String value) {
      MapSession session = repository.findById(id);
      if (session == null) {
        throw new IllegalStateException("benchmark session vanished");
      }
      session.setLastAccessedTime(Instant.now());
      session.setAttribute(ATTRIBUTE, value);
      repository.save(session);
    }

    @Override
    void create(String id, String csrfToken, String value) {
      MapSession session = new MapSession(id);
      session.setMaxInactiveInterval(TTL);
      session.setAttribute(CSRF, csrfToken);
      session.setAttribute(ATTRIBUTE, value);
      repository.save(session);
    }

    @Override
    void preload(String id, String csrfToken, String user, String value, Duration ttl) {
      MapSession session = new MapSession(id);
      session.setMaxInactiveInterval(ttl);
      session.setAttribute(CSRF, csrfToken);
      session.setAttribute(USER, user);
      session.setAttribute(ATTRIBUTE, value);
      repository.save(session);
    }

    @Override
    void drop(String id) {
      repository.deleteById(id);
    }

    /** Spring's map repository removes an expired session only when a lookup finds it. */
    @Override
    boolean onExpiry(LongConsumer latenessMillis) {
      return false;
    }

    @Override
    long size() {
      return sessions.size();
    }

    @Override
    public void close() {
      sessions.clear();
    }
  }
}
