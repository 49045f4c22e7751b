/**
 * The breaker transitions of circuit-breaker.ts, in Lua, so that every instance changes a
 * target's shared state atomically (read, transition, write, publish in one step). The shared
 * contract suite and the differential test keep the two implementations in step.
 *
 * Each target is one JSON string key ({version, breaker, cooldownUntilMs}). Every change takes a
 * fresh version from one counter, is written, and is published as `ref \n json` so that the other
 * instances' mirrors follow; a mirror ignores anything older than what it has.
 *
 * KEYS: [1] the target's key, [2] the set of known refs, [3] the version counter.
 * ARGV: [1] ref, [2] now (ms), [3] options JSON, [4] pub/sub channel, [5] key TTL (ms), then per script.
 */

const PRELUDE = `
local function load(raw)
  if not raw then
    return { version = 0, cooldownUntilMs = 0, breaker = { position = 'closed', consecutiveFailures = 0, buckets = {}, openUntilMs = 0, openReason = '', probesInFlight = 0, probeDeadlineMs = 0 } }, false
  end
  return cjson.decode(raw), true
end

local function save(state)
  state.version = redis.call('INCR', KEYS[3])
  local encoded = cjson.encode(state)
  redis.call('SET', KEYS[1], encoded, 'PX', tonumber(ARGV[5]))
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('PUBLISH', ARGV[4], ARGV[1] .. '\\n' .. encoded)
  return encoded
end

local function close_breaker(b)
  b.position = 'closed'
  b.consecutiveFailures = 0
  b.buckets = {}
  b.openUntilMs = 0
  b.openReason = ''
  b.probesInFlight = 0
  b.probeDeadlineMs = 0
end

local function open_breaker(b, now, o, reason)
  b.position = 'open'
  b.consecutiveFailures = 0
  b.buckets = {}
  b.openUntilMs = now + o.openMs
  b.openReason = reason
  b.probesInFlight = 0
  b.probeDeadlineMs = 0
end
`;

/** ARGV[6] unused. Returns {admitted 0|1, kind, retryAfterMs, state JSON or false}. */
export const ADMIT_SCRIPT = `${PRELUDE}
local raw = redis.call('GET', KEYS[1])
local state, existed = load(raw)
local now = tonumber(ARGV[2])
local o = cjson.decode(ARGV[3])
if state.cooldownUntilMs > now then return {0, 'cooldown', state.cooldownUntilMs - now, raw} end
local b = state.breaker
if b.position == 'closed' then return {1, 'closed', 0, raw or false} end
if b.position == 'open' then
  if now < b.openUntilMs then return {0, 'open', b.openUntilMs - now, raw} end
  b.position = 'half_open'
  b.probesInFlight = 0
  b.probeDeadlineMs = 0
end
local probes = b.probesInFlight
if probes > 0 and now >= b.probeDeadlineMs then probes = 0 end
if probes >= o.halfOpenProbes then
  return {0, 'probing', math.max(1, b.probeDeadlineMs - now), save(state)}
end
b.probesInFlight = probes + 1
b.probeDeadlineMs = now + o.probeTimeoutMs
return {1, 'probe', 0, save(state)}
`;

/** ARGV[6] verdict: success | failure | neutral. Returns the state JSON, or false when nothing changed. */
export const RECORD_SCRIPT = `${PRELUDE}
local state, existed = load(redis.call('GET', KEYS[1]))
local now = tonumber(ARGV[2])
local o = cjson.decode(ARGV[3])
local verdict = ARGV[6]
local b = state.breaker
if verdict == 'neutral' then
  if b.position == 'half_open' and b.probesInFlight > 0 then
    b.probesInFlight = b.probesInFlight - 1
    return save(state)
  end
  return false
end
if b.position == 'open' then return false end
if b.position == 'half_open' then
  if verdict == 'success' then close_breaker(b) else open_breaker(b, now, o, 'a probe failed while half-open') end
  return save(state)
end
local span = math.max(1, math.ceil(o.windowMs / o.windowBuckets))
local current = now - (now % span)
local oldest = current - (o.windowBuckets - 1) * span
local kept = {}
local bucket = nil
for _, entry in ipairs(b.buckets) do
  if entry[1] >= oldest and entry[1] <= current then
    local copy = {entry[1], entry[2], entry[3]}
    table.insert(kept, copy)
    if entry[1] == current and not bucket then bucket = copy end
  end
end
if not bucket then
  bucket = {current, 0, 0}
  table.insert(kept, bucket)
end
if verdict == 'success' then
  bucket[2] = bucket[2] + 1
  b.buckets = kept
  b.consecutiveFailures = 0
  return save(state)
end
bucket[3] = bucket[3] + 1
local consecutive = b.consecutiveFailures + 1
if consecutive >= o.consecutiveFailures then
  open_breaker(b, now, o, string.format('%d consecutive failures', consecutive))
  return save(state)
end
local requests = 0
local failures = 0
for _, entry in ipairs(kept) do
  requests = requests + entry[2] + entry[3]
  failures = failures + entry[3]
end
if requests >= o.minimumRequests and failures / requests >= o.failureRate then
  local percent = math.floor((failures / requests) * 100 + 0.5)
  open_breaker(b, now, o, string.format('failure rate %d%% over the last %d requests', percent, requests))
  return save(state)
end
b.consecutiveFailures = consecutive
b.buckets = kept
return save(state)
`;

/** ARGV[6] the cooldown's end (ms). Returns the state JSON, or false when an equal or later cooldown stood. */
export const COOL_DOWN_SCRIPT = `${PRELUDE}
local state, existed = load(redis.call('GET', KEYS[1]))
local untilMs = tonumber(ARGV[6])
if state.cooldownUntilMs >= untilMs then return false end
state.cooldownUntilMs = untilMs
return save(state)
`;
