package dev.sojourn.redis;

import dev.sojourn.store.StoreException;
import java.time.Duration;

/**
 * The {@linkplain RedisStore.Builder#durableSecurityWrites durable security writes} option: after a
 * write that ends or replaces a session ID, a {@code WAIT replicas timeout} on the same connection,
 * which returns once that many replicas acknowledged every write this connection sent so far (other
 * threads' writes included: the connection is shared, so it waits at least for ours). Immutable and
 * thread-safe.
 */
final class DurableWrites {
  private final int replicas;
  private final Duration timeout;

  DurableWrites(int replicas, Duration timeout) {
    this.replicas = replicas;
    this.timeout = timeout;
  }

  /**
   * Waits (one round trip) until {@code replicas} replicas hold every write sent so far.
   *
   * @param operation what was written ("drop", "rotation"...), for the message
   * @throws StoreException if fewer replicas acknowledged within the timeout, or Redis did not
   *     answer; the write itself was applied on the primary, but may not survive a failover
   */
  void await(RedisConnection redis, String operation) {
    Long acknowledged =
        redis.await(
            redis.commands().waitForReplication(replicas, timeout.toMillis()),
            "WAIT after " + operation);
    long count = acknowledged == null ? 0 : acknowledged;
    if (count < replicas) {
      throw new StoreException(
          "durableSecurityWrites: only "
              + count
              + " of "
              + replicas
              + " replica(s) acknowledged the "
              + operation
              + " within "
              + timeout.toMillis()
              + " ms; it is applied on the primary but a failover may undo it, so it is not"
              + " reported as done");
    }
  }

  int replicas() {
    return replicas;
  }

  Duration timeout() {
    return timeout;
  }
}
