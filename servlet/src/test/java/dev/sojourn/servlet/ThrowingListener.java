package dev.sojourn.servlet;

import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;

/**
 * Throws whenever the attribute {@value #NAME} changes: the change and the other listeners must not
 * notice. (Only that attribute, so that the log is not full of failures on purpose.)
 */
final class ThrowingListener implements HttpSessionAttributeListener {
  static final String NAME = "boom";

  @Override
  public void attributeAdded(HttpSessionBindingEvent event) {
    fail(event);
  }

  @Override
  public void attributeReplaced(HttpSessionBindingEvent event) {
    fail(event);
  }

  @Override
  public void attributeRemoved(HttpSessionBindingEvent event) {
    fail(event);
  }

  private static void fail(HttpSessionBindingEvent event) {
    if (event.getName().equals(NAME)) {
      throw new IllegalStateException("listener failure on purpose");
    }
  }
}
