-- Deletes one session hash; tells whether it held a live session. With ARGV[3] = 1 (standalone
-- only: the index key is read from the hash, not declared) it also removes the user index entry;
-- on Cluster the entry stays until a read or its deadline prunes it.
-- KEYS[1] the session key, KEYS[2] (expiry events on) the deadline set, whose entry goes too.
-- ARGV[1] layout version, ARGV[2] now (store clock, ms),
-- ARGV[3] maintain the user index here: 1 or 0, ARGV[4] the session's user index member.
-- Returns {1 if a live session was removed else 0, user index key or ''}
if KEYS[2] then redis.call('ZREM', KEYS[2], ARGV[4]) end
if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then
  redis.call('DEL', KEYS[1])
  return {0, ''}
end
-- Field 'x' holds the user index's digest (22 base64url chars, short enough for Redis's compact hash
-- encoding); the index key is <prefix>u:{<digest>}, the prefix being the session key's without its
-- 's:{<digest>}' tail. An older hash may hold the whole key name: used as it is.
local function indexOf(sessionKey, x)
  if x and #x == 22 then return string.sub(sessionKey, 1, #sessionKey - 26) .. 'u:{' .. x .. '}' end
  return x
end
local f = redis.call('HMGET', KEYS[1], 'v', 'd', 'x')
f[3] = indexOf(KEYS[1], f[3])
local d = tonumber(f[2])
local wasLive = f[1] == ARGV[1] and d ~= nil and d > tonumber(ARGV[2])
redis.call('DEL', KEYS[1])
if ARGV[3] == '1' and f[3] then redis.call('ZREM', f[3], ARGV[4]) end
return {wasLive and 1 or 0, f[3] or ''}
