package dev.sojourn.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The builder's attribute puts and removals, which hold the first put in two fields and switch to a
 * map from a second name on (issue 12: no collection allocated for the one-attribute commit): every
 * order of puts and removals gives the same change as before.
 */
class SessionChangeAttributesTest {
  static final byte[] A1 = bytes("a1");
  static final byte[] A2 = bytes("a2");
  static final byte[] B1 = bytes("b1");
  static final Duration TTL = Duration.ofMinutes(1);

  @Test
  void onePut_isTheOnlyAttributeChanged() {
    SessionChange change = SessionChange.update("s").put("a", A1).ttl(TTL).build();
    assertThat(change.puts()).containsOnly(Map.entry("a", A1));
    assertThat(change.removals()).isEmpty();
    assertThat(change.changesData()).isTrue();
  }

  @Test
  void twoPutsOfOneName_keepTheLast() {
    SessionChange change = SessionChange.update("s").put("a", A1).put("a", A2).ttl(TTL).build();
    assertThat(change.puts()).containsOnly(Map.entry("a", A2));
  }

  @Test
  void putsOfTwoNames_keepBoth() {
    SessionChange change = SessionChange.update("s").put("a", A1).put("b", B1).ttl(TTL).build();
    assertThat(change.puts()).containsOnly(Map.entry("a", A1), Map.entry("b", B1));
  }

  @Test
  void aRemoval_cancelsTheOnePutOfItsName() {
    SessionChange change = SessionChange.update("s").put("a", A1).remove("a").ttl(TTL).build();
    assertThat(change.puts()).isEmpty();
    assertThat(change.removals()).containsOnly("a");
  }

  @Test
  void aRemovalOfAnotherName_keepsTheOnePut() {
    SessionChange change = SessionChange.update("s").put("a", A1).remove("b").ttl(TTL).build();
    assertThat(change.puts()).containsOnly(Map.entry("a", A1));
    assertThat(change.removals()).containsOnly("b");
  }

  @Test
  void aPut_cancelsAnEarlierRemovalOfItsName() {
    SessionChange change = SessionChange.update("s").remove("a").put("a", A1).ttl(TTL).build();
    assertThat(change.puts()).containsOnly(Map.entry("a", A1));
    assertThat(change.removals()).isEmpty();
  }

  @Test
  void aRemovalAfterTwoNames_cancelsOnlyItsOwn() {
    SessionChange change =
        SessionChange.update("s").put("a", A1).put("b", B1).remove("a").ttl(TTL).build();
    assertThat(change.puts()).containsOnly(Map.entry("b", B1));
    assertThat(change.removals()).containsOnly("a");
  }

  @Test
  void aPutAfterItsOwnRemoval_isTheOnePutAgain() {
    SessionChange change =
        SessionChange.update("s").put("a", A1).remove("a").put("b", B1).ttl(TTL).build();
    assertThat(change.puts()).containsOnly(Map.entry("b", B1));
    assertThat(change.removals()).containsOnly("a");
  }

  @Test
  void applyingOnePut_replacesItsNameAndKeepsTheOthers() {
    Snapshot stored =
        SessionChange.create("s", "csrf", 0)
            .put("a", A1)
            .put("b", B1)
            .ttl(TTL)
            .build()
            .applyTo(null, 0);
    Snapshot replaced = SessionChange.update("s").put("a", A2).ttl(TTL).build().applyTo(stored, 1);
    assertThat(replaced.attributes()).containsOnly(Map.entry("a", A2), Map.entry("b", B1));

    Snapshot single =
        SessionChange.create("t", "csrf", 0).put("a", A1).ttl(TTL).build().applyTo(null, 0);
    Snapshot same = SessionChange.update("t").put("a", A2).ttl(TTL).build().applyTo(single, 1);
    assertThat(same.attributes()).containsOnly(Map.entry("a", A2));
    Snapshot added = SessionChange.update("t").put("b", B1).ttl(TTL).build().applyTo(single, 1);
    assertThat(added.attributes()).containsOnly(Map.entry("a", A1), Map.entry("b", B1));
  }

  @Test
  void aSubMillisecondTtl_roundsUp() {
    SessionChange change = SessionChange.update("s").ttl(Duration.ofNanos(1_000_001)).build();
    assertThat(change.ttlMillis()).isEqualTo(2);
    assertThat(SessionChange.update("s").ttl(Duration.ofMillis(3)).build().ttlMillis())
        .isEqualTo(3);
    assertThat(
            SessionChange.update("s").ttl(Duration.ofSeconds(Long.MAX_VALUE)).build().ttlMillis())
        .isEqualTo(Long.MAX_VALUE);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
