package dev.sojourn.spring.security;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;

/** An {@link HttpSession} that tells {@link SessionUserFilter} when the context is stored. */
final class UserSyncSession implements HttpSession {
  private final HttpSession delegate;
  private final HttpServletRequest request;
  private final String attribute;

  UserSyncSession(HttpSession delegate, HttpServletRequest request, String attribute) {
    this.delegate = delegate;
    this.request = request;
    this.attribute = attribute;
  }

  @Override
  public void setAttribute(String name, @Nullable Object value) {
    delegate.setAttribute(name, value);
    if (name.equals(attribute)) {
      SessionUserFilter.apply(request, value);
    }
  }

  @Override
  public long getCreationTime() {
    return delegate.getCreationTime();
  }

  @Override
  public String getId() {
    return delegate.getId();
  }

  @Override
  public long getLastAccessedTime() {
    return delegate.getLastAccessedTime();
  }

  @Override
  public ServletContext getServletContext() {
    return delegate.getServletContext();
  }

  @Override
  public void setMaxInactiveInterval(int interval) {
    delegate.setMaxInactiveInterval(interval);
  }

  @Override
  public int getMaxInactiveInterval() {
    return delegate.getMaxInactiveInterval();
  }

  @Override
  public @Nullable Object getAttribute(String name) {
    return delegate.getAttribute(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    return delegate.getAttributeNames();
  }

  @Override
  public void removeAttribute(String name) {
    delegate.removeAttribute(name);
  }

  @Override
  public void invalidate() {
    delegate.invalidate();
  }

  @Override
  public boolean isNew() {
    return delegate.isNew();
  }
}
