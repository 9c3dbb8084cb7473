/**
 * The Redis {@link dev.sojourn.store.SessionStore}: {@link dev.sojourn.redis.RedisStore}, one hash
 * per session under a SHA-256 of its ID, one Lua script per commit, a TTL on every key.
 */
@NullMarked
package dev.sojourn.redis;

import org.jspecify.annotations.NullMarked;
