package dev.sojourn;

import dev.sojourn.SessionMetrics.StoreOperation;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.SessionStore;
import dev.sojourn.store.Snapshot;
import dev.sojourn.store.StoreException;
import dev.sojourn.store.VersionConflictException;
import java.lang.System.Logger.Level;
import org.jspecify.annotations.Nullable;

/**
 * Reports a manager's store calls (timed) and lifecycle events to its {@link SessionMetrics}.
 * Without an observer each call goes straight to the store and each event is a field test: no clock
 * reads, no allocation. An observer that throws is logged (once) and ignored.
 */
final class Observer {
  private static final System.Logger LOG = System.getLogger(Observer.class.getName());

  private final SessionStore store;
  private final SessionMetrics metrics;
  private final boolean observed;
  private volatile boolean observerFailed;

  Observer(SessionStore store, SessionMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
    this.observed = metrics != SessionMetrics.NONE;
  }

  @Nullable Snapshot load(String id) {
    if (!observed) {
      return store.load(id);
    }
    long start = System.nanoTime();
    Snapshot snapshot;
    try {
      snapshot = store.load(id);
    } catch (RuntimeException e) {
      timed(StoreOperation.LOAD, start, e);
      throw e;
    }
    timed(StoreOperation.LOAD, start, null);
    return snapshot;
  }

  long commit(SessionChange change) {
    if (!observed) {
      return store.commit(change);
    }
    long start = System.nanoTime();
    long version;
    try {
      version = store.commit(change);
    } catch (RuntimeException e) {
      timed(StoreOperation.COMMIT, start, e);
      if (e instanceof VersionConflictException && observed) {
        try {
          metrics.conflict();
        } catch (RuntimeException failure) {
          failed(failure);
        }
      }
      throw e;
    }
    timed(StoreOperation.COMMIT, start, null);
    return version;
  }

  boolean drop(String id) {
    if (!observed) {
      return store.drop(id);
    }
    long start = System.nanoTime();
    boolean dropped;
    try {
      dropped = store.drop(id);
    } catch (RuntimeException e) {
      timed(StoreOperation.DROP, start, e);
      throw e;
    }
    timed(StoreOperation.DROP, start, null);
    return dropped;
  }

  void created() {
    if (observed) {
      try {
        metrics.created();
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  void rotated() {
    if (observed) {
      try {
        metrics.rotated();
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  void destroyed() {
    if (observed) {
      try {
        metrics.destroyed();
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  void expired(long latenessMillis) {
    if (observed) {
      try {
        metrics.expired(Math.max(0, latenessMillis));
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  void undecodable() {
    if (observed) {
      try {
        metrics.undecodable();
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  private void timed(StoreOperation operation, long start, @Nullable RuntimeException thrown) {
    long nanos = System.nanoTime() - start;
    try {
      metrics.storeCall(operation, nanos, thrown instanceof StoreException);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void failed(RuntimeException e) {
    if (!observerFailed) {
      observerFailed = true;
      LOG.log(Level.ERROR, "session metrics observer failed; ignored (logged once)", e);
    }
  }
}
