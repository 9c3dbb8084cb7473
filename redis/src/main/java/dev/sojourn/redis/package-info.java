/**
 * The Redis {@link dev.sojourn.store.SessionStore}: {@link dev.sojourn.redis.RedisStore}, one hash
 * per session under a digest of its ID (HMAC-SHA-256 with a digestKey, else SHA-256), one Lua
 * script per commit, a TTL on every key.
 */
@NullMarked
package dev.sojourn.redis;

import org.jspecify.annotations.NullMarked;
