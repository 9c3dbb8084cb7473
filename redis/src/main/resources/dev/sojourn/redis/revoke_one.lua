-- "Sign out everywhere" on Redis Cluster, one session digest at a time (a script reaches one slot):
-- deletes the session hash if it belongs to the user, and leaves a short-lived "revoked" marker
-- that the second step of a rotation onto this digest refuses to write over (commit.lua, status
-- 4), so a rotation that is half done when the revoke runs cannot bring the session back. Returns
-- where a rotation moved this session (its forward, set by take.lua) if the session was the user's,
-- for the caller to revoke next.
-- KEYS[1] the session hash, KEYS[2] its revoked marker, KEYS[3] its forward (all one slot),
-- KEYS[4] (expiry events on) its deadline set (same slot).
-- ARGV[1] layout version, ARGV[2] now (store clock, ms), ARGV[3] the user index key name,
-- ARGV[4] marker ttl (ms).
-- Returns {1 if a live session was deleted else 0, sealed ID or '', next digest or ''}
--       | {2, '', ''} the hash belongs to another user (or none): left alone
-- Field 'x' holds the user index's digest (22 base64url chars, short enough for Redis's compact hash
-- encoding); the index key is <prefix>u:{<digest>}, the prefix being the session key's without its
-- 's:{<digest>}' tail. An older hash may hold the whole key name: used as it is.
local function indexOf(sessionKey, x)
  if x and #x == 22 then return string.sub(sessionKey, 1, #sessionKey - 26) .. 'u:{' .. x .. '}' end
  return x
end
local live, sealed = 0, ''
if redis.call('TYPE', KEYS[1]).ok == 'hash' then
  local f = redis.call('HMGET', KEYS[1], 'v', 'd', 'x', 'i')
  if indexOf(KEYS[1], f[3]) ~= ARGV[3] then return {2, '', ''} end
  local d = tonumber(f[2])
  if f[1] == ARGV[1] and d ~= nil and d > tonumber(ARGV[2]) then live = 1 end
  sealed = f[4] or ''
  redis.call('DEL', KEYS[1])
  if KEYS[4] then redis.call('ZREM', KEYS[4], string.sub(KEYS[1], -23, -2)) end
end
-- DEL first: Redis lets a script whose first write does not grow memory run on a full server.
redis.call('DEL', KEYS[2])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[4])
local forward = redis.call('GET', KEYS[3])
local next = ''
if forward and string.sub(forward, 24) == ARGV[3] then next = string.sub(forward, 1, 22) end
return {live, sealed, next}
