-- Applies one SessionChange to one session hash, atomically. Layout: see SessionHash.java.
-- With ARGV[16] = 1 (standalone Redis only) it also maintains the user index, whose key it reads
-- from the hash's 'x' field: a key not declared in KEYS, which standalone Redis allows and Redis
-- Cluster would not; on Cluster the caller passes 0 and maintains the index itself (index.lua).
-- KEYS[1] source key (the session's key now); KEYS[2] destination key (== KEYS[1] unless rotating)
-- KEYS[3] (cluster rotation only) the destination's revoked marker: if a revoke left one, the
-- rotation's second step refuses to write the session (status 4), which stays ended.
-- KEYS[4] (expiry events on; KEYS[3] is then the destination's marker) the deadline set: the
-- session digest scored by its deadline, pruned of entries more than a key ttl past theirs.
-- ARGV[1]  layout version         ARGV[2]  now (store clock, ms)   ARGV[3]  deadline (now + ttl, ms)
-- ARGV[4]  key ttl (ms)           ARGV[5]  kind: C or U            ARGV[6]  expected version, or -1
-- ARGV[7]  csrf token (stored form: SessionHash.csrfField), '' = keep; ARGV[8] createdAt (ms)
--         ARGV[9]  user changed: 1 or 0
-- ARGV[10] user                   ARGV[11] authenticatedAt (ms)    ARGV[12] user index key, '' = none
-- ARGV[13] lastAccessedAt (ms)    ARGV[14] clear attributes: 1/0   ARGV[15] changes data: 1 or 0
-- ARGV[16] maintain the user index here: 1 (standalone) or 0 (cluster: the caller does it)
-- ARGV[17] source member          ARGV[18] destination member (user index members)
-- ARGV[19] number of base field pairs (cluster rotation: the taken hash to place at KEYS[2])
-- ARGV[20] number of puts         ARGV[21] the destination ID sealed with the store's idKey, or ''
-- ARGV[22] the session's own idle timeout (ms): '' = keep, '0' = none (the manager's), else set
-- ARGV[23] the commit's identity (16 bytes, SessionChange.commitId())
-- then base pairs, put pairs (field, value), then removed fields.
-- Exactly once: a commit that changes data stores its identity in field 'o'. A commit whose
-- identity is the one in 'o' (at the source key, or at the destination for a rotation whose first
-- attempt moved the session there) is a repeat of the commit that wrote the session's current
-- version: it changes nothing and answers what that commit answered.
-- A full server (maxmemory reached, noeviction): Redis checks memory before a script's first write
-- only, when that write is one that may grow memory (HSET, SET, ZADD...) and lets the rest of the
-- script run. So a create's first write is one that may grow memory (refused: -OOM, which the store
-- reports as SessionLimitException), and an update's is a PEXPIRE, which Redis does not check, so
-- existing sessions keep working while Redis can.
-- Returns {0, version, user index key or ''} | {1} not found | {2, stored version} conflict
--       | {3} a live session already holds the destination key | {4} revoked during the rotation
-- Field 'x' holds the user index's digest (22 base64url chars, short enough for Redis's compact hash
-- encoding); the index key is <prefix>u:{<digest>}, the prefix being the session key's without its
-- 's:{<digest>}' tail. An older hash may hold the whole key name: used as it is.
local function indexOf(sessionKey, x)
  if x and #x == 22 then return string.sub(sessionKey, 1, #sessionKey - 26) .. 'u:{' .. x .. '}' end
  return x
end
local src, dst = KEYS[1], KEYS[2]
-- The index digest to store in 'x': the 22 characters between the braces of ARGV[12].
local indexDigest = string.sub(ARGV[12], -23, -2)
local layout, now, deadline, keyTtl = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local inline = ARGV[16] == '1'
local nBase, nPuts = tonumber(ARGV[19]), tonumber(ARGV[20])
local sealed = ARGV[21]
local idle = ARGV[22]
local commitId = ARGV[23]
local rotated = dst ~= src or nBase > 0
local firstBase = 24
local firstPut = firstBase + 2 * nBase
local firstRemoval = firstPut + 2 * nPuts

local function live(key)
  -- Anything but a hash of this layout (a foreign key, garbage) counts as absent.
  if redis.call('TYPE', key).ok ~= 'hash' then return nil end
  local f = redis.call('HMGET', key, 'v', 'd', 'n', 'x', 'l', 'o')
  if f[1] ~= layout then return nil end
  f[4] = indexOf(key, f[4])
  local d, n = tonumber(f[2]), tonumber(f[3])
  if d == nil or n == nil or d <= now then return nil end
  return f
end

-- The answer to a repeat of the commit that wrote f (a live session's fields), or nil.
local function repeated(f)
  if f and f[6] == commitId then return {0, tonumber(f[3]), f[4] or ''} end
  return nil
end

-- User index upkeep with a slack: a member's score is its session's deadline plus a slack (an
-- eighth of the time to the deadline, at most an hour), and the index key lives a key ttl plus that
-- slack. A commit whose deadline the member's score still covers, on an index that outlives the
-- session's key (PTTL at least the key ttl just set on it), writes nothing to the index: an active
-- session touches its index once per slack, not on every request. Scores stay at or above the
-- deadlines, so pruning by score (here, list.lua) never drops a live session; a listed member up to
-- a slack past its deadline is checked against its hash like any other.
local function index(ix, member)
  local kind = redis.call('TYPE', ix).ok
  if kind ~= 'zset' and kind ~= 'none' then redis.call('DEL', ix) end
  local due, ttl = tonumber(deadline), tonumber(keyTtl)
  local score = tonumber(redis.call('ZSCORE', ix, member))
  if score and score >= due and redis.call('PTTL', ix) >= ttl then return end
  local slack = math.max(0, math.min(math.floor((due - now) / 8), 3600000))
  redis.call('ZADD', ix, string.format('%.17g', due + slack), member)
  redis.call('ZREMRANGEBYSCORE', ix, '-inf', ARGV[2])
  if redis.call('PTTL', ix) < ttl + slack then redis.call('PEXPIRE', ix, string.format('%.17g', ttl + slack)) end
end

local function schedule(old, new)
  local set = KEYS[4]
  if not set then return end
  if old ~= new then redis.call('ZREM', set, old) end
  redis.call('ZADD', set, deadline, new)
  redis.call('ZREMRANGEBYSCORE', set, '-inf', string.format('(%d', now - tonumber(keyTtl)))
  if redis.call('PTTL', set) < tonumber(keyTtl) then redis.call('PEXPIRE', set, keyTtl) end
end

-- One hash command (HSET, HDEL) over many arguments: one call, or one per 1,000 arguments (what
-- Lua's unpack can take at once).
local function each(command, key, items)
  for i = 1, #items, 1000 do
    redis.call(command, key, unpack(items, i, math.min(i + 999, #items)))
  end
end

-- Appends ARGV[from..to] to list and returns it.
local function append(list, from, to)
  for i = from, to do list[#list + 1] = ARGV[i] end
  return list
end

if nBase > 0 then
  if KEYS[3] and redis.call('EXISTS', KEYS[3]) == 1 then return {4} end
  local there = live(dst)
  if there then return repeated(there) or {3} end
  redis.call('DEL', dst)
  each('HSET', dst, append({}, firstBase, firstPut - 1))
  src = dst
end

if ARGV[5] == 'C' then
  local there = live(src)
  if there then return repeated(there) or {3} end
  if redis.call('EXISTS', src) == 1 then
    -- First write: SET (replacing whatever is there) may grow memory, so a full server refuses it.
    redis.call('SET', src, '')
    redis.call('DEL', src)
  end
  -- One HSET for every field.
  local fields = {'v', layout, 'c', ARGV[7], 't', ARGV[8], 'l', ARGV[13], 'd', deadline, 'n', '1',
    'o', commitId}
  local function field(name, value)
    fields[#fields + 1] = name
    fields[#fields + 1] = value
  end
  if ARGV[9] == '1' and ARGV[12] ~= '' then
    field('u', ARGV[10])
    field('s', ARGV[11])
    field('x', indexDigest)
  end
  if sealed ~= '' then field('i', sealed) end
  if idle ~= '' and idle ~= '0' then field('m', idle) end
  each('HSET', src, append(fields, firstPut, firstRemoval - 1))
  redis.call('PEXPIRE', src, keyTtl)
  if inline and ARGV[12] ~= '' then index(ARGV[12], ARGV[18]) end
  schedule(ARGV[18], ARGV[18])
  return {0, 1, ARGV[12]}
end

local f = live(src)
if not f then return (dst ~= src and repeated(live(dst))) or {1} end
-- (A cluster rotation's second step checked the destination above; its base carries the identity.)
local again = nBase == 0 and repeated(f)
if again then return again end
local version = tonumber(f[3])
local expected = tonumber(ARGV[6])
if expected >= 0 and version ~= expected then return {2, version} end
local key = src
if dst ~= src and live(dst) then return {3} end
-- First write of an update: one Redis does not refuse on a full server (see the header).
redis.call('PEXPIRE', src, keyTtl)
if dst ~= src then
  redis.call('RENAME', src, dst)
  key = dst
end
-- The change as one HDEL (removed attributes and fields) and then one HSET (everything it sets).
local deletes = {}
if ARGV[14] == '1' then
  for _, field in ipairs(redis.call('HKEYS', key)) do
    if string.sub(field, 1, 2) == 'a:' then deletes[#deletes + 1] = field end
  end
end
append(deletes, firstRemoval, #ARGV)
local sets = append({}, firstPut, firstRemoval - 1)
local function set(name, value)
  sets[#sets + 1] = name
  sets[#sets + 1] = value
end
if ARGV[7] ~= '' then set('c', ARGV[7]) end
if idle == '0' then
  deletes[#deletes + 1] = 'm'
elseif idle ~= '' then
  set('m', idle)
end
if rotated then
  if sealed ~= '' then set('i', sealed) else deletes[#deletes + 1] = 'i' end
end
local oldIndex = f[4]
local newIndex = oldIndex
if ARGV[9] == '1' then
  if ARGV[12] == '' then
    deletes[#deletes + 1] = 'u'
    deletes[#deletes + 1] = 's'
    deletes[#deletes + 1] = 'x'
    newIndex = false
  else
    set('u', ARGV[10])
    set('s', ARGV[11])
    set('x', indexDigest)
    newIndex = ARGV[12]
  end
end
local accessed = tonumber(f[5])
if accessed == nil or tonumber(ARGV[13]) > accessed then set('l', ARGV[13]) end
set('d', deadline)
if ARGV[15] == '1' then
  version = version + 1
  set('o', commitId)
end
set('n', string.format('%d', version))
each('HDEL', key, deletes)
each('HSET', key, sets)
if inline then
  if oldIndex and (oldIndex ~= newIndex or key ~= src) then
    redis.call('ZREM', oldIndex, ARGV[17])
  end
  if newIndex then index(newIndex, ARGV[18]) end
end
schedule(ARGV[17], ARGV[18])
return {0, version, newIndex or ''}
