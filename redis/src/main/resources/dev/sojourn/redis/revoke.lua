-- "Sign out everywhere" on standalone Redis, in one atomic step: reads one user index and deletes
-- every session hash it names that still belongs to that user, so no rotation (itself one script
-- that moves the hash and its index entry together) can run between the listing and the deletes.
-- The session keys are built here from the members (standalone Redis allows undeclared keys).
-- KEYS[1] the user index, KEYS[2] (expiry events on) the deadline set. ARGV[1] key prefix, ARGV[2] layout version, ARGV[3] now (store clock,
-- ms), ARGV[4] the digest of the session to spare, or ''.
-- Returns digest, sealed ID ('' if none) pairs of the live sessions it ended; the index is left
-- holding only the spared member (or nothing, and then it vanishes).
-- Field 'x' holds the user index's digest (22 base64url chars, short enough for Redis's compact hash
-- encoding); the index key is <prefix>u:{<digest>}, the prefix being the session key's without its
-- 's:{<digest>}' tail. An older hash may hold the whole key name: used as it is.
local function indexOf(sessionKey, x)
  if x and #x == 22 then return string.sub(sessionKey, 1, #sessionKey - 26) .. 'u:{' .. x .. '}' end
  return x
end
local index, prefix, layout, now, spare = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
if redis.call('TYPE', index).ok ~= 'zset' then return {} end
local ended = {}
for _, member in ipairs(redis.call('ZRANGE', index, 0, -1)) do
  if member ~= spare then
    if #member == 22 and not string.find(member, '[^%w_%-]') then
      local key = prefix .. 's:{' .. member .. '}'
      if redis.call('TYPE', key).ok == 'hash' then
        local f = redis.call('HMGET', key, 'v', 'd', 'x', 'i')
        if indexOf(key, f[3]) == index then
          redis.call('DEL', key)
          if KEYS[2] then redis.call('ZREM', KEYS[2], member) end
          local d = tonumber(f[2])
          if f[1] == layout and d ~= nil and d > now then
            table.insert(ended, member)
            table.insert(ended, f[4] or '')
          end
        end
      end
    end
    redis.call('ZREM', index, member)
  end
end
return ended
