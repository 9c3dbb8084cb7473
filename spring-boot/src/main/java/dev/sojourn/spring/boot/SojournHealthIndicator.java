package dev.sojourn.spring.boot;

import dev.sojourn.store.SessionStore;
import dev.sojourn.store.StoreException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The session store's health, under the name {@code sojourn}: UP when one load of an ID that is
 * never issued answers (a map lookup on the memory store, one {@code HGETALL} round trip on Redis),
 * DOWN with the exception and its message when the store cannot answer within its timeout (a {@code
 * StoreException} is named by that public type, whatever subclass the store threw).
 *
 * <p>The probe goes to the store directly, not through the session manager, so it is not counted in
 * the {@code sojourn.store.*} meters. Thread-safe.
 */
public class SojournHealthIndicator implements HealthIndicator {
  /** The ID the probe loads: not a well-formed session ID, so no session can ever have it. */
  static final String PROBE_ID = "sojourn-health-probe";

  private final SessionStore store;

  /**
   * A health indicator for {@code store}.
   *
   * @param store the store to probe; each {@link #health()} call loads one ID that cannot exist
   */
  public SojournHealthIndicator(SessionStore store) {
    this.store = store;
  }

  @Override
  public Health health() {
    String kind = store.getClass().getSimpleName();
    try {
      store.load(PROBE_ID);
      return Health.up().withDetail("store", kind).build();
    } catch (StoreException e) {
      // The public type, not the store's private subclass: the detail is an API for monitors.
      return Health.down()
          .withDetail("store", kind)
          .withDetail("error", StoreException.class.getName() + ": " + e.getMessage())
          .build();
    } catch (RuntimeException e) {
      return Health.down(e).withDetail("store", kind).build();
    }
  }
}
