package dev.sojourn;

import java.util.Objects;

/**
 * A typed attribute key: {@code SessionKey.of("cart", Cart.class)}. Reading through a key returns a
 * {@code T} without an unchecked cast at the call site.
 *
 * <p>Keys are immutable values: two keys are equal when their names and types are equal. Keep them
 * in constants; the name is what is stored.
 *
 * @param <T> the attribute's type
 */
public final class SessionKey<T> {
  private final String name;
  private final Class<T> type;

  private SessionKey(String name, Class<T> type) {
    this.name = name;
    this.type = type;
  }

  /**
   * Returns a key.
   *
   * @param <T> the attribute's type
   * @param name the attribute's stored name
   * @param type the attribute's class; reads check the stored value against it
   * @return the key
   * @throws IllegalArgumentException if {@code name} is empty
   * @throws NullPointerException if an argument is null
   */
  public static <T> SessionKey<T> of(String name, Class<T> type) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("attribute name must not be empty");
    }
    return new SessionKey<>(name, type);
  }

  /** {@return the attribute's stored name, never empty} */
  public String name() {
    return name;
  }

  /** {@return the attribute's type} */
  public Class<T> type() {
    return type;
  }

  @Override
  public boolean equals(@org.jspecify.annotations.Nullable Object o) {
    return o instanceof SessionKey<?> other && name.equals(other.name) && type == other.type;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + type.hashCode();
  }

  @Override
  public String toString() {
    return "SessionKey(" + name + ": " + type.getName() + ")";
  }
}
