package dev.sojourn.spring.boot;

import static dev.sojourn.spring.boot.BuilderProperties.apply;

import dev.sojourn.SessionManager;
import dev.sojourn.SessionMetrics;
import dev.sojourn.codec.AttributeCodec;
import dev.sojourn.codec.ValueCodec;
import dev.sojourn.servlet.SessionFilter;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.UserIndex;
import java.time.InstantSource;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Replaces a servlet application's sessions with Sojourn's, the way Spring Session does: a {@link
 * SessionFilter} registered ahead of every other filter (Spring Security's chain included), over a
 * {@link SessionManager} built from the {@code sojourn.*} properties ({@link SojournProperties})
 * and a store chosen by {@code sojourn.store.type}. Every bean backs off when the application
 * defines its own. With Spring Security on the class path, {@link SojournSecurityConfiguration}
 * adds the security integration.
 *
 * <p>Off with {@code sojourn.enabled=false}. Fails at startup, naming the property and the accepted
 * values, when a property is misconfigured; fails at startup when Spring Session is configured as
 * well ({@link SpringSessionConflictCheck}): only one library can own the HTTP session.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "sojourn.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SojournProperties.class)
@Import({
  SojournStoreConfiguration.Memory.class,
  SojournStoreConfiguration.Redis.class,
  SojournStoreConfiguration.Jdbc.class,
  SojournSecurityConfiguration.class,
  SpringSessionConflictCheck.Configuration.class
})
public class SojournAutoConfiguration {
  /** Created by Spring when the conditions above match; applications do not call it. */
  public SojournAutoConfiguration() {}

  /**
   * The session filter's default order: well before Spring Security's filter chain ({@code
   * SecurityFilterProperties.DEFAULT_FILTER_ORDER}, -100), where Spring Session puts its own.
   */
  public static final int DEFAULT_FILTER_ORDER = Integer.MIN_VALUE + 50;

  /**
   * The attribute codec, with every {@link ValueCodec} bean registered, then every codec of every
   * {@link CodecGroup} bean, each in bean order. Two codecs for the same type or under the same
   * name, or a codec for a default type, fail startup with the builder's {@code
   * IllegalArgumentException}.
   *
   * @param codecs the application's single {@link ValueCodec} beans
   * @param groups the application's {@link CodecGroup} beans
   * @return the codec the session manager encodes attribute values with
   */
  @Bean
  @ConditionalOnMissingBean
  public AttributeCodec sojournAttributeCodec(
      ObjectProvider<ValueCodec<?>> codecs, ObjectProvider<CodecGroup> groups) {
    AttributeCodec.Builder builder = AttributeCodec.builder();
    codecs.orderedStream().forEach(builder::register);
    groups.orderedStream().forEach(group -> group.codecs().forEach(builder::register));
    return builder.build();
  }

  /** Several {@link ValueCodec}s contributed as one bean, registered like single ones. */
  public interface CodecGroup {
    /**
     * The codecs to register.
     *
     * @return the codecs, each registered as a single {@link ValueCodec} bean would be
     */
    java.util.List<? extends ValueCodec<?>> codecs();
  }

  /**
   * The session manager, from the {@code sojourn.*} timeouts; it owns and closes the store. It
   * reports to the {@link SessionMetrics} bean, if there is one ({@link
   * SojournMetricsAutoConfiguration}).
   *
   * @param properties the {@code sojourn.*} properties
   * @param store the store bean; none fails startup: {@code sojourn.store.type=redis} without
   *     sojourn-redis on the class path with an {@code IllegalStateException}, any other type than
   *     {@code memory} or {@code redis} with an {@link InvalidConfigurationPropertyValueException}
   * @param codec the attribute codec
   * @param clock the application's {@link InstantSource} bean, if any; else the system clock
   * @param metrics the {@link SessionMetrics} bean, if any
   * @return the session manager
   * @throws InvalidConfigurationPropertyValueException naming the property, if the builder refuses
   *     a timeout or {@code sojourn.max-sessions-per-user} (below 1, or a store that cannot index
   *     sessions by user)
   */
  @Bean
  @ConditionalOnMissingBean
  public SessionManager sojournSessionManager(
      SojournProperties properties,
      ObjectProvider<SessionStore> store,
      AttributeCodec codec,
      ObjectProvider<InstantSource> clock,
      ObjectProvider<SessionMetrics> metrics) {
    SessionStore chosen = store.getIfAvailable();
    if (chosen == null) {
      throw noStore(properties.getStore().getType());
    }
    SessionManager.Builder builder = SessionManager.builder().store(chosen).codec(codec);
    InstantSource instantSource = clock.getIfAvailable();
    if (instantSource != null) {
      builder.clock(instantSource);
    }
    metrics.ifAvailable(builder::metrics);
    apply("sojourn.idle-timeout", properties.getIdleTimeout(), builder::idleTimeout);
    apply("sojourn.absolute-timeout", properties.getAbsoluteTimeout(), builder::absoluteTimeout);
    apply("sojourn.touch-interval", properties.getTouchInterval(), builder::touchInterval);
    Integer maxPerUser = properties.getMaxSessionsPerUser();
    apply(
        "sojourn.max-sessions-per-user",
        maxPerUser,
        max -> builder.maxSessionsPerUser(max, properties.getMaxSessionsPolicy()));
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          "sojourn.idle-timeout/absolute-timeout/touch-interval",
          properties.getIdleTimeout()
              + "/"
              + properties.getAbsoluteTimeout()
              + "/"
              + properties.getTouchInterval(),
          e.getMessage());
    } catch (IllegalStateException e) {
      if (maxPerUser == null) {
        throw e;
      }
      throw new InvalidConfigurationPropertyValueException(
          "sojourn.max-sessions-per-user", maxPerUser, e.getMessage() + idKeyHint(chosen));
    }
  }

  /** For a store that cannot list a user's sessions: which property gives it the key it needs. */
  private static String idKeyHint(SessionStore store) {
    if (!(store instanceof UserIndex index) || index.listsSessions()) {
      return "";
    }
    // By name: sojourn-redis and sojourn-jdbc are optional, their classes may be absent.
    String type = store.getClass().getName();
    if (type.equals("dev.sojourn.redis.RedisStore")) {
      return "; set sojourn.store.redis.id-key";
    }
    if (type.equals("dev.sojourn.jdbc.PostgresStore")) {
      return "; set sojourn.store.jdbc.id-key";
    }
    return "";
  }

  private static RuntimeException noStore(String type) {
    String normalized = type.trim().toLowerCase(Locale.ROOT);
    if (normalized.equals("redis")) {
      return new IllegalStateException(
          "sojourn.store.type=redis needs dev.sojourn:sojourn-redis on the class path");
    }
    if (normalized.equals("jdbc")) {
      return new IllegalStateException(
          "sojourn.store.type=jdbc needs dev.sojourn:sojourn-jdbc on the class path");
    }
    return new InvalidConfigurationPropertyValueException(
        "sojourn.store.type", type, "accepted values are: memory, redis, jdbc");
  }

  /**
   * The filter that gives every request its Sojourn session, carrying the ID in {@code
   * sojourn.header} when that is set and not empty, else in the cookie {@code sojourn.cookie.*}
   * describes.
   *
   * @param manager the session manager
   * @param properties the {@code sojourn.*} properties
   * @return the filter
   * @throws InvalidConfigurationPropertyValueException naming the property, if the header name is
   *     not an HTTP token or the cookie properties are refused
   */
  @Bean
  @ConditionalOnMissingBean
  public SessionFilter sojournSessionFilter(SessionManager manager, SojournProperties properties) {
    SessionFilter.Builder builder = SessionFilter.builder(manager);
    String header = properties.getHeader();
    if (header != null && !header.isEmpty()) {
      apply("sojourn.header", header, builder::header);
    } else {
      builder.cookie(CookieProperties.settings(properties.getCookie()));
    }
    return builder.build();
  }

  /**
   * Registers the session filter at {@code sojourn.filter-order}, for every request, error and
   * async dispatch (not forward or include: the session is already in place then).
   *
   * @param filter the session filter
   * @param properties the {@code sojourn.*} properties
   * @return the registration, named {@code sojournSessionFilter}
   */
  @Bean
  @ConditionalOnMissingBean(name = "sojournSessionFilterRegistration")
  public FilterRegistrationBean<SessionFilter> sojournSessionFilterRegistration(
      SessionFilter filter, SojournProperties properties) {
    FilterRegistrationBean<SessionFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("sojournSessionFilter");
    registration.setOrder(properties.getFilterOrder());
    registration.setDispatcherTypes(
        jakarta.servlet.DispatcherType.REQUEST,
        jakarta.servlet.DispatcherType.ERROR,
        jakarta.servlet.DispatcherType.ASYNC);
    return registration;
  }
}
