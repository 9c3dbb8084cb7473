-- Files one session in a user index on Redis Cluster, where the commit script cannot reach it.
-- KEYS[1] the user index. ARGV[1] now (ms), ARGV[2] deadline (ms), ARGV[3] key ttl (ms),
-- ARGV[4] the member (the session key's hash), ARGV[5] a member to remove first, or '',
-- ARGV[6] 1 for an existing session (runs on a full server: the first write is a ZREM, which
-- Redis does not check against maxmemory), 0 for a new one (a full server refuses its ZADD).
local kind = redis.call('TYPE', KEYS[1]).ok
if kind ~= 'zset' and kind ~= 'none' then redis.call('DEL', KEYS[1]) end
if ARGV[5] ~= '' then redis.call('ZREM', KEYS[1], ARGV[5]) end
if ARGV[6] == '1' then redis.call('ZREM', KEYS[1], ARGV[4]) end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1
