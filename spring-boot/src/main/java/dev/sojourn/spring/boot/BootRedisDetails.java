package dev.sojourn.spring.boot;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/** Reads Spring Boot's {@link DataRedisConnectionDetails}; loaded only when they are present. */
final class BootRedisDetails {
  private BootRedisDetails() {}

  static RedisConnectionSource fromDetails(DataRedisConnectionDetails details) {
    String scheme = details.getSslBundle() != null ? "rediss" : "redis";
    String auth = RedisConnectionSource.auth(details.getUsername(), details.getPassword());
    DataRedisConnectionDetails.Cluster cluster = details.getCluster();
    if (cluster != null) {
      List<String> seeds = new ArrayList<>();
      cluster.getNodes().forEach(n -> seeds.add(scheme + "://" + auth + n.host() + ":" + n.port()));
      return RedisConnectionSource.cluster(seeds);
    }
    if (details.getSentinel() != null || details.getMasterReplica() != null) {
      throw new IllegalStateException(
          "sojourn.store.type=redis supports standalone Redis and Redis Cluster; the configured"
              + " spring.data.redis sentinel/master-replica set-up is not supported yet");
    }
    DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
    if (standalone == null) {
      throw new IllegalStateException("Spring Boot's Redis connection details name no server");
    }
    return RedisConnectionSource.standalone(
        scheme
            + "://"
            + auth
            + standalone.getHost()
            + ":"
            + standalone.getPort()
            + "/"
            + standalone.getDatabase());
  }
}
