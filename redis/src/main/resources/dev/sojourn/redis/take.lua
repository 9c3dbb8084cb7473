-- First step of a rotation on Redis Cluster: checks the session like an update, then removes it
-- and returns its fields, so the old ID is dead before the new one is written (see RedisStore).
-- It also leaves a forward at KEYS[2], "<new digest>|<the user index key or ''>", so that a revoke
-- of the user that finds the old digest (revoke_one.lua) follows the session to its new one.
-- Exactly once: the session is not deleted but renamed to KEYS[3] (same slot, a name no load
-- reads), with this commit's identity in its 'o' field, for ARGV[7] ms; a repeat of this step (its
-- reply lost, or the whole commit repeated) finds it there and answers the same fields again, so
-- the second step can still run (it recognises its own repeat, see commit.lua).
-- KEYS[1] the session key, KEYS[2] its forward, KEYS[3] the taken copy, KEYS[4] (expiry events on)
-- its deadline set. ARGV[1] layout version, ARGV[2] now (ms), ARGV[3] expected version or -1,
-- ARGV[4] the new digest, ARGV[5] the forward's ttl (ms), ARGV[6] the commit's identity, ARGV[7] the
-- taken copy's ttl (ms).
-- Returns {0, remaining key ttl (ms), field, value, ...} | {1} not found | {2, version} conflict
-- Field 'x' holds the user index's digest (22 base64url chars, short enough for Redis's compact hash
-- encoding); the index key is <prefix>u:{<digest>}, the prefix being the session key's without its
-- 's:{<digest>}' tail. An older hash may hold the whole key name: used as it is.
local function indexOf(sessionKey, x)
  if x and #x == 22 then return string.sub(sessionKey, 1, #sessionKey - 26) .. 'u:{' .. x .. '}' end
  return x
end
local function taken()
  if redis.call('TYPE', KEYS[3]).ok ~= 'hash' or redis.call('HGET', KEYS[3], 'o') ~= ARGV[6] then
    return {1}
  end
  local result = {0, math.max(1, redis.call('PTTL', KEYS[2]))}
  for _, item in ipairs(redis.call('HGETALL', KEYS[3])) do table.insert(result, item) end
  return result
end
if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then return taken() end
local f = redis.call('HMGET', KEYS[1], 'v', 'd', 'n', 'x')
local d, n = tonumber(f[2]), tonumber(f[3])
if f[1] ~= ARGV[1] or d == nil or n == nil or d <= tonumber(ARGV[2]) then return {1} end
local expected = tonumber(ARGV[3])
if expected >= 0 and n ~= expected then return {2, n} end
local result = {0, redis.call('PTTL', KEYS[1])}
for _, item in ipairs(redis.call('HGETALL', KEYS[1])) do table.insert(result, item) end
-- RENAME first: Redis lets a script whose first write does not grow memory run on a full server.
redis.call('RENAME', KEYS[1], KEYS[3])
redis.call('HSET', KEYS[3], 'o', ARGV[6])
redis.call('PEXPIRE', KEYS[3], ARGV[7])
if KEYS[4] then redis.call('ZREM', KEYS[4], string.sub(KEYS[1], -23, -2)) end
redis.call('SET', KEYS[2], ARGV[4] .. '|' .. (indexOf(KEYS[1], f[4]) or ''), 'PX', ARGV[5])
return result
