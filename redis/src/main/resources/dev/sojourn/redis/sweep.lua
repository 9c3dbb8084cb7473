-- Takes the due entries of one deadline set (expiry events): the sessions whose deadline has passed,
-- each removed from the set in this script, so no other sweeper (another node, a racing thread)
-- can take the same entry: what one call returns, no other call ever returns.
-- Members are session digests (22 base64url chars), scores their deadlines (store clock, ms). For each due one:
-- a hash whose stored deadline is still ahead (moved by a commit that did not update the set, as a
-- node with expiry events off does) is put back at its real deadline; one whose deadline passed is
-- read whole and deleted; a missing one (Redis reclaimed it by its TTL first) is reported empty.
-- The session keys are built from the members; they share the set's slot on Cluster by design.
-- KEYS[1] the deadline set. ARGV[1] now (store clock, ms), ARGV[2] most entries to take,
-- ARGV[3] key prefix.
-- Returns {1 if more entries are due else 0, digest, {field, value, ...} (or {} if gone), ...}
-- ZREM is its first write: Redis runs the script on a full server, and sweeping frees memory.
local set, now, limit, prefix = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local due = redis.call('ZRANGEBYSCORE', set, '-inf', ARGV[1], 'LIMIT', 0, limit)
local out = {0}
for _, member in ipairs(due) do
  redis.call('ZREM', set, member)
  if #member == 22 and not string.find(member, '[^%w_%-]') then
    local key = prefix .. 's:{' .. member .. '}'
    local kind = redis.call('TYPE', key).ok
    if kind == 'hash' then
      local d = tonumber(redis.call('HGET', key, 'd'))
      if d ~= nil and d > now then
        redis.call('ZADD', set, d, member)
      else
        table.insert(out, member)
        table.insert(out, redis.call('HGETALL', key))
        redis.call('DEL', key)
      end
    elseif kind == 'none' then
      table.insert(out, member)
      table.insert(out, {})
    end
  end
end
if #due == limit and #redis.call('ZRANGEBYSCORE', set, '-inf', ARGV[1], 'LIMIT', 0, 1) > 0 then
  out[1] = 1
end
return out
