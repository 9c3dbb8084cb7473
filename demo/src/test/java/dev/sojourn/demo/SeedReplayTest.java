package dev.sojourn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/**
 * The one real-time test in the project: the seed's promise, on the real clock and the real
 * background sweeper. Idle timeout 5 s, sweep interval 1 s: removed between 5 and 7 s after the
 * last update.
 */
class SeedReplayTest {
  @Test
  void seedSession_isRemovedBetween5And7SecondsAfterItsLastUpdate() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    double seconds = new SeedReplay(out, InstantSource.system()).run();

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(seconds).isBetween(5.0, 7.0);
    assertThat(printed).contains("Get session data: {website=longhoang.de}");
    assertThat(printed).contains("Session gone from the store: true");
    String[] lines = printed.strip().split("\n");
    assertThat(lines[lines.length - 1]).matches("removed after [5-7]\\.\\d\\d s");
  }
}
