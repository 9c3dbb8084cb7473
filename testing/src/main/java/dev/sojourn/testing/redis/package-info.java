/**
 * Real Redis for tests: {@link dev.sojourn.testing.redis.RedisServerExtension} starts a real {@code
 * redis-server} (standalone, or a local three-master Redis Cluster) on ephemeral loopback ports and
 * stops it after the test class. No mocks, no Docker: the binary on {@code PATH} if there is one,
 * else the linux binary shipped inside {@code com.github.codemonstur:embedded-redis}.
 */
@NullMarked
package dev.sojourn.testing.redis;

import org.jspecify.annotations.NullMarked;
