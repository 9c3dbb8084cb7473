package dev.sojourn.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real servers the extension starts: the shipped binary runs, kill and restart work. */
class RedisServerTest {
  @Test
  void embeddedBinary_isExtracted_andRuns() {
    Path binary = RedisBinary.embedded();
    assertThat(Files.isExecutable(binary)).isTrue();
    String previous = System.getProperty("sojourn.redis.server");
    System.setProperty("sojourn.redis.server", "embedded");
    try (RedisServer server = RedisServer.start(List.of())) {
      assertThat(server.command("PING")).isEqualTo("PONG");
      assertThat(String.valueOf(server.command("INFO", "server"))).contains("redis_version:6.2");
    } finally {
      if (previous == null) {
        System.clearProperty("sojourn.redis.server");
      } else {
        System.setProperty("sojourn.redis.server", previous);
      }
    }
  }

  @Test
  void killedServer_refusesConnections_andRestartsOnTheSamePort() {
    try (RedisServer server = RedisServer.start(List.of())) {
      int port = server.port();
      server.command("SET", "k", "v");
      server.kill();
      assertThat(server.isRunning()).isFalse();
      assertThatThrownBy(() -> server.command("PING")).isInstanceOf(UncheckedIOException.class);
      server.restart();
      assertThat(server.port()).isEqualTo(port);
      assertThat(server.command("PING")).isEqualTo("PONG");
      assertThat(server.command("GET", "k")).as("persistence is off").isNull();
    }
  }

  @Test
  void cluster_formsWithThreeMasters_coveringEverySlot() {
    try (RedisCluster cluster = RedisCluster.start()) {
      assertThat(cluster.uris()).hasSize(3);
      String info = String.valueOf(cluster.nodes().get(0).command("CLUSTER", "INFO"));
      assertThat(info).contains("cluster_state:ok").contains("cluster_slots_assigned:16384");
    }
  }
}
