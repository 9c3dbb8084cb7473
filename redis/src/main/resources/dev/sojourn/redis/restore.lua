-- Undoes take.lua when the second step of a cluster rotation could not place the session: puts
-- the taken fields back under the old key if nothing took it meanwhile, with the TTL it had.
-- Not if a revoke marked the old key meanwhile (revoke_one.lua): the session then stays ended.
-- KEYS[1] the old session key, KEYS[2] its revoked marker, KEYS[3] (expiry events on) its deadline
-- set, where the session is filed again under its stored deadline. ARGV[1] key ttl (ms), then field, value
-- pairs. Returns 1 if restored.
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
-- DEL (of nothing) first: a full server still runs a script whose first write does not grow memory.
redis.call('DEL', KEYS[1])
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  if KEYS[3] and ARGV[i] == 'd' then
    redis.call('ZADD', KEYS[3], ARGV[i + 1], string.sub(KEYS[1], -23, -2))
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
