package dev.sojourn.servlet;

import static dev.sojourn.servlet.RecordingListener.heard;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Session listeners hear what a container would tell them, whichever way they were registered
 * (declared, {@code ServletContext.addListener}, the filter's builder), each event once.
 */
abstract class ListenerSuite extends ServerFixture {
  private static final List<String> EVERY_WAY =
      List.of("declared", "added", "embedded", "builder", "both");

  @BeforeEach
  void forgetEarlierEvents() {
    RecordingListener.EVENTS.clear();
  }

  @Test
  void newSession_firesCreated_thenAttributeAdded_toListenersRegisteredEveryWay() throws Exception {
    String id = newSession();

    for (String who : EVERY_WAY) {
      assertThat(heard(who, id)).as(who).containsExactly("created", "added a=1");
    }
  }

  @Test
  void aListenerThatThrows_stopsNeitherTheChange_norTheOtherListeners() throws Exception {
    String id = sessionId(get("/app/put?name=" + ThrowingListener.NAME + "&value=1", null));

    assertThat(get("/app/get?name=" + ThrowingListener.NAME, id).body()).isEqualTo("1");
    for (String who : EVERY_WAY) {
      assertThat(heard(who, id)).as(who).containsExactly("created", "added boom=1");
    }
  }

  @Test
  void replacingAndRemoving_fireReplacedWithTheOldValue_andRemoved() throws Exception {
    String id = newSession();
    RecordingListener.EVENTS.clear();

    get("/app/put?name=a&value=2", id);
    get("/app/remove?name=a", id);
    get("/app/remove?name=a", id);

    for (String who : EVERY_WAY) {
      assertThat(heard(who, id)).as(who).containsExactly("replaced a=1", "removed a=2");
    }
  }

  @Test
  void changeSessionId_firesIdChanged_withTheOldId() throws Exception {
    String id = newSession();

    String rotated = sessionId(get("/app/rotate", id));

    for (String who : EVERY_WAY) {
      assertThat(heard(who, rotated)).as(who).containsExactly("idChanged from " + id);
    }
  }

  @Test
  void signInThroughTheTypedApi_firesIdChanged_atCommit() throws Exception {
    String id = newSession();

    String signedIn = sessionId(get("/app/login?user=carol", id));

    assertThat(heard("builder", signedIn)).containsExactly("idChanged from " + id);
  }

  @Test
  void invalidate_firesDestroyed_whileAttributesAreReadable_thenUnbindsThem() throws Exception {
    String id = newSession();
    get("/app/put?name=b&value=2", id);
    RecordingListener.EVENTS.clear();

    get("/app/logout", id);

    for (String who : EVERY_WAY) {
      assertThat(heard(who, id))
          .as(who)
          .containsExactly("destroyed a=1,b=2", "removed a=1", "removed b=2");
    }
  }

  /** Typed {@code Session.logout()}: the attributes are gone by the time the request commits. */
  @Test
  void logoutThroughTheTypedApi_firesDestroyed_atCommit() throws Exception {
    String id = newSession();
    RecordingListener.EVENTS.clear();

    assertCleared(get("/app/typed-logout", id));

    assertThat(heard("builder", id)).containsExactly("destroyed unreadable");
  }

  @Test
  void aStartedSessionLeftEmpty_isNotStored_andListenersHearItEnded() throws Exception {
    store.seenIds().clear();

    get("/app/put-and-remove?name=a&value=1", null);

    assertThat(store.seenIds()).isEmpty();
    List<RecordingListener.Event> events =
        RecordingListener.EVENTS.stream().filter(e -> e.who().equals("builder")).toList();
    assertThat(events)
        .extracting(RecordingListener.Event::what)
        .containsExactly("created", "added a=1", "removed a=1", "destroyed ");
  }

  @Test
  void expiry_firesDestroyed_withTheLastStoredAttributes() throws Exception {
    String id = newSession();
    RecordingListener.EVENTS.clear();

    clock.advance(Duration.ofMinutes(31));
    store.sweep();

    for (String who : EVERY_WAY) {
      assertThat(heard(who, id)).as(who).containsExactly("destroyed a=1", "removed a=1");
    }
  }

  @Test
  void aFilterBuiltWithoutContainerListeners_firesNoneOfThem() throws Exception {
    HttpResponse<String> started = send(request("/api/put?name=a&value=h"));
    String id = started.headers().firstValue(SESSION_HEADER).orElseThrow();

    assertThat(heard("declared", id)).isEmpty();
    assertThat(heard("added", id)).isEmpty();
    assertThat(heard("embedded", id)).isEmpty();
  }

  @Test
  void aSessionThatHoldsNothing_isNeverAnnounced() throws Exception {
    assertThat(get("/app/empty", null).body()).isEqualTo("false");

    assertThat(RecordingListener.EVENTS).isEmpty();
  }

  @Test
  void bindingListenerValues_hearTheyAreBound_andUnbound() throws Exception {
    String id = sessionId(get("/app/bind?name=v&value=first", null));
    get("/app/bind?name=v&value=second", id);
    get("/app/remove?name=v", id);

    assertThat(heard("value", id))
        .containsExactly(
            "bound first as v", "bound second as v", "unbound first as v", "unbound second as v");
    assertThat(heard("builder", id))
        .containsExactly(
            "created",
            "added v=Bound(first)",
            "replaced v=Bound(first)",
            "removed v=Bound(second)");
  }
}
