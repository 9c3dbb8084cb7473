-- The sweeper lease (expiry events): at most one node sweeps at a time. Not what makes each expiry
-- reported once (sweep.lua's atomic take does that); it saves the other nodes the work.
-- KEYS[1] the lease. ARGV[1] this node's token, ARGV[2] lease ttl (ms), ARGV[3] 'take' or 'give'.
-- 'take' acquires a free lease or renews this node's own; 'give' releases it if this node holds it.
-- Returns 1 if this node holds the lease after the call, else 0.
local holder = redis.call('GET', KEYS[1])
if ARGV[3] == 'give' then
  if holder == ARGV[1] then redis.call('DEL', KEYS[1]) end
  return 0
end
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
