package dev.sojourn.store.memory;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Read-write locks striped by user, which make "sign out everywhere" complete with respect to
 * rotation: a rotation holds the read side across its steps, during which its session is under
 * neither ID, and a revocation holds the write side while it lists and drops (jcstress found "sign
 * out everywhere" missing a session that was being rotated).
 *
 * <p>Thread-safe.
 */
final class UserLocks {
  private final ReentrantReadWriteLock[] stripes;

  UserLocks(int stripes) {
    this.stripes = new ReentrantReadWriteLock[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new ReentrantReadWriteLock();
    }
  }

  /** The lock a rotation of one of {@code user}'s sessions holds. */
  Lock forRotation(String user) {
    return stripe(user).readLock();
  }

  /** The lock a revocation of {@code user}'s sessions holds. */
  Lock forRevocation(String user) {
    return stripe(user).writeLock();
  }

  private ReentrantReadWriteLock stripe(String user) {
    return stripes[(user.hashCode() & Integer.MAX_VALUE) % stripes.length];
  }
}
