package dev.sojourn.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {
  @Test
  void defaults_arePort8080_memory_30m_12h() {
    ServerOptions o = ServerOptions.parse();

    assertThat(o).isEqualTo(ServerOptions.defaults());
    assertThat(o.port()).isEqualTo(8080);
    assertThat(o.host()).as("loopback only by default").isEqualTo("127.0.0.1");
    assertThat(o.store()).isEqualTo("memory");
    assertThat(o.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(o.absoluteTimeout()).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void everyOption_isRead() {
    ServerOptions o =
        ServerOptions.parse(
            "--port",
            "9090",
            "--store",
            "redis://h:6379",
            "--idle-timeout",
            "5s",
            "--absolute-timeout",
            "30m",
            "--host",
            "127.0.0.1",
            "--insecure-cookie");

    assertThat(o)
        .isEqualTo(
            new ServerOptions(
                9090,
                "127.0.0.1",
                "redis://h:6379",
                Duration.ofSeconds(5),
                Duration.ofMinutes(30),
                true));
  }

  @Test
  void host_0000_listensOnEveryInterface() {
    assertThat(ServerOptions.parse("--host", "0.0.0.0").host()).isEqualTo("0.0.0.0");
  }

  @Test
  void durations_readAndWriteEveryUnit() {
    assertThat(ServerOptions.duration("--x", "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ServerOptions.duration("--x", "2h")).isEqualTo(Duration.ofHours(2));
    assertThat(ServerOptions.duration("--x", "1d")).isEqualTo(Duration.ofDays(1));
    assertThat(ServerOptions.format(Duration.ofMinutes(30))).isEqualTo("30m");
    assertThat(ServerOptions.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  @Test
  void badInput_isRefused_withTheOptionNamed() {
    assertThatThrownBy(() -> ServerOptions.parse("--idle-timeout", "5"))
        .hasMessageContaining("--idle-timeout must be a positive whole number with a unit");
    assertThatThrownBy(() -> ServerOptions.parse("--absolute-timeout", "0s"))
        .hasMessageContaining("--absolute-timeout");
    assertThatThrownBy(() -> ServerOptions.parse("--port", "70000"))
        .hasMessageContaining("--port must be a number from 0 to 65535");
    assertThatThrownBy(() -> ServerOptions.parse("--port"))
        .hasMessageContaining("--port needs a value");
    assertThatThrownBy(() -> ServerOptions.parse("--host", " "))
        .hasMessageContaining("--host must be an address or host name");
    assertThatThrownBy(() -> ServerOptions.parse("--colour", "red"))
        .hasMessageContaining("unknown option '--colour'");
  }

  @Test
  void unknownStore_failsWithAClearMessage() {
    assertThatThrownBy(() -> Stores.open("mongo://x", InstantSource.system()))
        .hasMessageContaining(
            "--store must be 'memory', 'redis://host:port' or"
                + " 'postgresql://user:password@host:port/database', was 'mongo://x'");
    assertThatThrownBy(() -> Stores.open("postgresql:///nohost", InstantSource.system()))
        .hasMessageContaining("--store: the PostgreSQL URL names no host");
  }

  @Test
  void redisIdKey_mustBe32BytesOfBase64() {
    assertThat(Stores.idKey(null)).hasSize(32);
    assertThat(Stores.idKey(java.util.Base64.getEncoder().encodeToString(new byte[32])))
        .hasSize(32);
    assertThatThrownBy(() -> Stores.idKey("not base64!"))
        .hasMessage("SOJOURN_REDIS_ID_KEY is not valid base64");
    assertThatThrownBy(() -> Stores.idKey("AAAA"))
        .hasMessage("SOJOURN_REDIS_ID_KEY must decode to 32 bytes, was 3");
  }
}
