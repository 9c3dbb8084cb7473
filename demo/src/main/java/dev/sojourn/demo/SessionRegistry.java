package dev.sojourn.demo;

import dev.sojourn.SessionListener;
import dev.sojourn.SessionManager;
import dev.sojourn.store.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A demo-local index of signed-in sessions by user, fed by {@link SessionListener} events: a
 * session is indexed when it is created or rotated with a user (sign-in rotates), and forgotten
 * when it is destroyed or expires. Listing loads each indexed session, so it shows only live ones
 * and drops the rest.
 *
 * <p>This stands in for a user index in the store, which would survive restarts and work across
 * servers; this one lives in this process only.
 */
final class SessionRegistry implements SessionDirectory, SessionListener {
  private final Map<String, String> userById = new ConcurrentHashMap<>();
  private volatile @Nullable SessionManager manager;

  /** Connects the registry to the manager it listens to (which needs the listener first). */
  void attach(SessionManager manager) {
    this.manager = manager;
  }

  private SessionManager manager() {
    SessionManager m = manager;
    if (m == null) {
      throw new IllegalStateException("SessionRegistry.attach(manager) was not called");
    }
    return m;
  }

  @Override
  public void created(String id) {
    index(id);
  }

  @Override
  public void rotated(String oldId, String newId) {
    userById.remove(oldId);
    index(newId);
  }

  @Override
  public void destroyed(String id) {
    userById.remove(id);
  }

  @Override
  public void expired(Snapshot last) {
    userById.remove(last.id());
  }

  private void index(String id) {
    Snapshot snapshot = manager().store().load(id);
    String user = snapshot == null ? null : snapshot.user();
    if (user != null) {
      userById.put(id, user);
    }
  }

  @Override
  public List<Entry> sessionsOf(String user) {
    List<Entry> entries = new ArrayList<>();
    long now = manager().clock().millis();
    for (Map.Entry<String, String> e : userById.entrySet()) {
      if (!e.getValue().equals(user)) {
        continue;
      }
      Snapshot snapshot = manager().store().load(e.getKey());
      if (snapshot == null || snapshot.isExpiredAt(now) || !user.equals(snapshot.user())) {
        userById.remove(e.getKey(), user);
      } else {
        entries.add(new Entry(e.getKey(), snapshot.createdAt(), snapshot.lastAccessedAt()));
      }
    }
    entries.sort(Comparator.comparing(Entry::createdAt));
    return entries;
  }

  @Override
  public int revokeOthers(String user, String keepId) {
    int ended = 0;
    for (Entry entry : sessionsOf(user)) {
      if (!entry.id().equals(keepId)) {
        manager().destroy(entry.id());
        ended++;
      }
    }
    return ended;
  }
}
