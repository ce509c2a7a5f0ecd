/**
 * The throttle's state in Redis, changed only by these scripts, each one
 * atomic. Every script starts from the same prelude: read the time from Redis
 * (one clock for every process), drop leases that ran out, refill the bucket;
 * and ends by granting queued waiters while there is room, then telling the
 * caller when the next grant could happen without a release.
 *
 * Keys, under the prefix in KEYS[1] (all in one hash slot through the
 * `{name}` tag):
 *   holders   zset  permit id -> lease expiry (ms, Redis time)
 *   waiting   zset  waiter id -> lease expiry
 *   lane-of   hash  waiter id -> lane
 *   lanes     zset  lane -> turn (serving order: lowest first)
 *   lane:<l>  zset  waiter id -> turn (FIFO within the lane)
 *   turn      counter for both orders
 *   bucket    hash  the token bucket (counted from an origin, as in-process)
 *   recovery  Redis time before which nothing is granted after a restart
 * and the channel `<prefix>granted`, which carries the ids each grant served.
 *
 * ARGV: concurrency (0: none), rate tokens (0: none), rate interval ms,
 * burst, lease ms, then the script's own arguments.
 */
const PRELUDE = `
local P = KEYS[1]
local concurrency = tonumber(ARGV[1])
local tokens = tonumber(ARGV[2])
local intervalMs = tonumber(ARGV[3])
local burst = tonumber(ARGV[4])
local leaseMs = tonumber(ARGV[5])
local HOLDERS, WAITING, LANE_OF, LANES = P .. 'holders', P .. 'waiting', P .. 'lane-of', P .. 'lanes'
local TURN, BUCKET, RECOVERY = P .. 'turn', P .. 'bucket', P .. 'recovery'

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

-- After a restart the keys are gone but permits may still be held: for one lease
-- from the server's start nothing is granted, so their holders can register again.
local recoveryEnd = tonumber(redis.call('GET', RECOVERY) or '')
if recoveryEnd == nil then
  local uptime = tonumber(string.match(redis.call('INFO', 'server'), 'uptime_in_seconds:(%d+)'))
  recoveryEnd = now - uptime * 1000 + leaseMs
  redis.call('SET', RECOVERY, recoveryEnd)
end

local bucket = nil
if tokens > 0 then
  local b = redis.call('HMGET', BUCKET, 'origin', 'last', 'earned', 'available', 'tokens', 'intervalMs', 'burst')
  if b[1] and tonumber(b[5]) == tokens and tonumber(b[6]) == intervalMs and tonumber(b[7]) == burst then
    bucket = { origin = tonumber(b[1]), last = tonumber(b[2]), earned = tonumber(b[3]), available = tonumber(b[4]) }
  else
    bucket = { origin = now, last = now, earned = 0, available = burst }
  end
  -- A clock that stepped back counts as no time passing.
  if now < bucket.last then bucket.origin = bucket.origin - (bucket.last - now) end
  bucket.last = now
  local earned = math.floor((now - bucket.origin) * tokens / intervalMs)
  if earned > bucket.earned then
    bucket.available = math.min(burst, bucket.available + earned - bucket.earned)
    bucket.earned = earned
  end
end

local function saveBucket()
  if bucket == nil then return end
  redis.call('HSET', BUCKET, 'origin', bucket.origin, 'last', bucket.last, 'earned', bucket.earned,
    'available', bucket.available, 'tokens', tokens, 'intervalMs', intervalMs, 'burst', burst)
end

local function slotFree()
  return concurrency == 0 or redis.call('ZCARD', HOLDERS) < concurrency
end

local function canGrant()
  return now >= recoveryEnd and slotFree() and (bucket == nil or bucket.available > 0)
end

local function grant(id, expiry)
  if bucket ~= nil then bucket.available = bucket.available - 1 end
  redis.call('ZADD', HOLDERS, expiry, id)
end

local function laneKey(lane)
  return P .. 'lane:' .. lane
end

local function enqueue(id, lane, expiry)
  redis.call('ZADD', laneKey(lane), redis.call('INCR', TURN), id)
  redis.call('ZADD', LANES, 'NX', redis.call('INCR', TURN), lane)
  redis.call('ZADD', WAITING, expiry, id)
  redis.call('HSET', LANE_OF, id, lane)
end

-- Takes a waiter out of its lane; false when it is not queued.
local function unqueue(id)
  local lane = redis.call('HGET', LANE_OF, id)
  if not lane then return false end
  redis.call('ZREM', laneKey(lane), id)
  if redis.call('ZCARD', laneKey(lane)) == 0 then redis.call('ZREM', LANES, lane) end
  redis.call('ZREM', WAITING, id)
  redis.call('HDEL', LANE_OF, id)
  return true
end

-- Leases that ran out belong to processes that died or lost Redis for a whole lease.
redis.call('ZREMRANGEBYSCORE', HOLDERS, '-inf', now)
for _, id in ipairs(redis.call('ZRANGEBYSCORE', WAITING, '-inf', now)) do unqueue(id) end

-- Grants the head of the lane served least recently while there is room; the lane goes to the back.
local function pump()
  local granted = {}
  while canGrant() do
    local lane = redis.call('ZRANGE', LANES, 0, 0)[1]
    if not lane then break end
    local id = redis.call('ZRANGE', laneKey(lane), 0, 0)[1]
    -- The permit keeps the waiter's lease: a dead process's waiter frees its slot as soon.
    local expiry = tonumber(redis.call('ZSCORE', WAITING, id))
    unqueue(id)
    if redis.call('ZCARD', laneKey(lane)) > 0 then redis.call('ZADD', LANES, redis.call('INCR', TURN), lane) end
    grant(id, expiry)
    granted[#granted + 1] = id
  end
  if #granted > 0 then redis.call('PUBLISH', P .. 'granted', table.concat(granted, ' ')) end
  return granted
end

-- Milliseconds until a grant could happen without a release; -1: nobody waits, or only a release can help.
local function wakeIn()
  if redis.call('ZCARD', WAITING) == 0 then return -1 end
  local at = nil
  local function earlier(t) if at == nil or t < at then at = t end end
  if now < recoveryEnd then earlier(recoveryEnd) end
  if not slotFree() then earlier(tonumber(redis.call('ZRANGE', HOLDERS, 0, 0, 'WITHSCORES')[2])) end
  if bucket ~= nil and bucket.available <= 0 then
    earlier(bucket.origin + math.ceil((bucket.earned + 1) * intervalMs / tokens))
  end
  if at == nil then return -1 end
  return math.max(1, at - now)
end

local function reply(status, granted)
  saveBucket()
  local out = { status, wakeIn() }
  for _, id in ipairs(granted) do out[#out + 1] = id end
  return out
end
`;

/** ARGV after the shared ones: id, lane, maxQueue, mayWait ("1"/"0"). Replies granted, queued, busy or full. */
const ACQUIRE = `
local id, lane, maxQueue, mayWait = ARGV[6], ARGV[7], tonumber(ARGV[8]), ARGV[9]
-- Sent twice (a client resends after a reconnect): the first answer stands.
if redis.call('ZSCORE', HOLDERS, id) then return reply('granted', {}) end
if redis.call('ZSCORE', WAITING, id) then return reply('queued', {}) end
-- Waiters already queued go first: a new acquire never overtakes them.
local granted = pump()
if redis.call('ZCARD', WAITING) == 0 and canGrant() then
  grant(id, now + leaseMs)
  return reply('granted', granted)
end
if mayWait == '0' then return reply('busy', granted) end
if redis.call('ZCARD', WAITING) >= maxQueue then return reply('full', granted) end
enqueue(id, lane, now + leaseMs)
return reply('queued', granted)
`;

/** ARGV after the shared ones: the permit id. */
const RELEASE = `
redis.call('ZREM', HOLDERS, ARGV[6])
return reply('released', pump())
`;

/** ARGV after the shared ones: the waiter id. Replies removed, released (it had been granted: given back) or gone. */
const CANCEL = `
local id = ARGV[6]
local status = 'gone'
if unqueue(id) then status = 'removed' elseif redis.call('ZREM', HOLDERS, id) == 1 then status = 'released' end
return reply(status, pump())
`;

/**
 * ARGV after the shared ones: n, then n held permit ids, then (waiter id, lane)
 * pairs. Extends every lease; a permit or waiter Redis no longer knows (a
 * restart, a lease that ran out while this process could not reach Redis) is
 * put back: a permit because it is really held, a waiter at the back of its
 * lane. Replies with the waiters of the list that hold a permit now.
 */
const RENEW = `
local n = tonumber(ARGV[6])
local expiry = now + leaseMs
for i = 7, 6 + n do redis.call('ZADD', HOLDERS, expiry, ARGV[i]) end
local mine = {}
for i = 7 + n, #ARGV, 2 do
  local id, lane = ARGV[i], ARGV[i + 1]
  if redis.call('ZSCORE', HOLDERS, id) then
    redis.call('ZADD', HOLDERS, expiry, id)
    mine[#mine + 1] = id
  elseif redis.call('ZSCORE', WAITING, id) then
    redis.call('ZADD', WAITING, 'XX', expiry, id)
  else
    enqueue(id, lane, expiry)
  end
end
for _, id in ipairs(pump()) do mine[#mine + 1] = id end
return reply('renewed', mine)
`;

export const SCRIPTS = {
  acquire: PRELUDE + ACQUIRE,
  release: PRELUDE + RELEASE,
  cancel: PRELUDE + CANCEL,
  renew: PRELUDE + RENEW,
} as const;

export type ScriptName = keyof typeof SCRIPTS;
