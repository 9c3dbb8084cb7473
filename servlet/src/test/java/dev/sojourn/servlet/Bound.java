package dev.sojourn.servlet;

import dev.sojourn.codec.ValueCodec;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.nio.charset.StandardCharsets;

/** An attribute value that wants to know when it is bound to a session and unbound from it. */
record Bound(String label) implements HttpSessionBindingListener {
  /** Stores a {@link Bound} as its label. */
  static final ValueCodec<Bound> CODEC =
      new ValueCodec<>() {
        @Override
        public Class<Bound> type() {
          return Bound.class;
        }

        @Override
        public String name() {
          return "test.bound";
        }

        @Override
        public byte[] encode(Bound value) {
          return value.label().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Bound decode(byte[] bytes) {
          return new Bound(new String(bytes, StandardCharsets.UTF_8));
        }
      };

  @Override
  public void valueBound(HttpSessionBindingEvent event) {
    RecordingListener.record(
        "value", event.getSession(), "bound " + label + " as " + event.getName());
  }

  @Override
  public void valueUnbound(HttpSessionBindingEvent event) {
    RecordingListener.record(
        "value", event.getSession(), "unbound " + label + " as " + event.getName());
  }

  @Override
  public String toString() {
    return "Bound(" + label + ")";
  }
}
