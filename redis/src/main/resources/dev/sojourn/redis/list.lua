-- Reads one user index after pruning the members whose deadline has passed (an empty index
-- vanishes). KEYS[1] the user index. ARGV[1] now (store clock, ms). Returns the members.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1)
