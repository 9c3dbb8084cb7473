package dev.sojourn.servlet;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every session event it hears, with the session's ID, into one shared log: public with a
 * public no-argument constructor, so that a container can instantiate it from its class name (as it
 * does for web.xml's {@code <listener>} and {@code @WebListener}).
 */
public final class RecordingListener
    implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {
  /** What one listener heard. */
  record Event(String who, String sessionId, String what) {}

  static final List<Event> EVENTS = new CopyOnWriteArrayList<>();

  private final String who;

  /** The listener the container instantiates. */
  public RecordingListener() {
    this("declared");
  }

  RecordingListener(String who) {
    this.who = who;
  }

  /** What {@code who} heard about {@code sessionId}, in order. */
  static List<String> heard(String who, String sessionId) {
    return EVENTS.stream()
        .filter(e -> e.who().equals(who) && e.sessionId().equals(sessionId))
        .map(Event::what)
        .toList();
  }

  static void record(String who, HttpSession session, String what) {
    EVENTS.add(new Event(who, session.getId(), what));
  }

  @Override
  public void sessionCreated(HttpSessionEvent event) {
    record(who, event.getSession(), "created");
  }

  /** Records the attributes the session still holds, as {@code destroyed a=1,b=2}. */
  @Override
  public void sessionDestroyed(HttpSessionEvent event) {
    HttpSession session = event.getSession();
    String attributes;
    try {
      List<String> pairs = new ArrayList<>();
      for (String name : Collections.list(session.getAttributeNames())) {
        pairs.add(name + "=" + session.getAttribute(name));
      }
      attributes = String.join(",", pairs);
    } catch (IllegalStateException e) {
      attributes = "unreadable";
    }
    record(who, session, "destroyed " + attributes);
  }

  @Override
  public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
    record(who, event.getSession(), "idChanged from " + oldSessionId);
  }

  @Override
  public void attributeAdded(HttpSessionBindingEvent event) {
    record(who, event.getSession(), "added " + event.getName() + "=" + event.getValue());
  }

  @Override
  public void attributeReplaced(HttpSessionBindingEvent event) {
    record(who, event.getSession(), "replaced " + event.getName() + "=" + event.getValue());
  }

  @Override
  public void attributeRemoved(HttpSessionBindingEvent event) {
    record(who, event.getSession(), "removed " + event.getName() + "=" + event.getValue());
  }
}
