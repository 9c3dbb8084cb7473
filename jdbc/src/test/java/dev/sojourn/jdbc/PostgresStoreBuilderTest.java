package dev.sojourn.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every builder option fails fast with a message that names it. */
class PostgresStoreBuilderTest {
  @Test
  void build_withoutDataSource_isRefused() {
    assertThatThrownBy(() -> PostgresStore.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("set dataSource(...) before build()");
  }

  @Test
  void digestKey_shorterThan32Bytes_isRefused() {
    assertThatThrownBy(() -> PostgresStore.builder().digestKey(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("digestKey must hold at least 32 bytes, was 31 bytes");
  }

  @Test
  void idKey_ofAnotherLengthThan32Bytes_isRefused() {
    assertThatThrownBy(() -> PostgresStore.builder().idKey(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("idKey must be 32 bytes (AES-256), was 16 bytes");
  }

  @Test
  void timeout_outsideOneMillisecondToOneMinute_isRefused() {
    assertThatThrownBy(() -> PostgresStore.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be between 1 ms and 1 minute, was PT0S");
    assertThatThrownBy(() -> PostgresStore.builder().timeout(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be between 1 ms and 1 minute, was PT2M");
  }

  @Test
  void sweepInterval_andBatchSize_outOfRange_areRefused() {
    assertThatThrownBy(() -> PostgresStore.builder().sweepInterval(Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sweepInterval must be between 10 ms and 1 day, was PT0.001S");
    assertThatThrownBy(() -> PostgresStore.builder().sweepBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sweepBatchSize must be between 1 and 100000, was 0");
  }
}
