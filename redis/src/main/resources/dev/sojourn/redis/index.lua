-- Files one session in a user index on Redis Cluster, where the commit script cannot reach it.
-- KEYS[1] the user index. ARGV[1] now (ms), ARGV[2] deadline (ms), ARGV[3] key ttl (ms),
-- ARGV[4] the member (the session key's hash), ARGV[5] a member to remove first, or '',
-- ARGV[6] 1 for an existing session (runs on a full server: the first write is a ZREM, which
-- Redis does not check against maxmemory), 0 for a new one (a full server refuses its ZADD).
-- The member's score is the deadline plus a slack (an eighth of the time to it, at most an hour) and
-- the index lives a key ttl plus that slack; while the score still covers the deadline and the index
-- outlives the session's key, nothing is written (commit.lua says why that is safe).
local kind = redis.call('TYPE', KEYS[1]).ok
if kind ~= 'zset' and kind ~= 'none' then redis.call('DEL', KEYS[1]) end
local now, due, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if ARGV[5] == '' then
  local score = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[4]))
  if score and score >= due and redis.call('PTTL', KEYS[1]) >= ttl then return 1 end
end
if ARGV[5] ~= '' then redis.call('ZREM', KEYS[1], ARGV[5]) end
if ARGV[6] == '1' then redis.call('ZREM', KEYS[1], ARGV[4]) end
local slack = math.max(0, math.min(math.floor((due - now) / 8), 3600000))
redis.call('ZADD', KEYS[1], string.format('%.17g', due + slack), ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('PTTL', KEYS[1]) < ttl + slack then redis.call('PEXPIRE', KEYS[1], string.format('%.17g', ttl + slack)) end
return 1
