/**
 * The Lua scripts behind the Redis budget engine. Redis runs a script alone, so each one reads and writes
 * every counter of a request with nothing in between: the check of all budgets and the charge of all budgets
 * are one step, on however many instances.
 *
 * Per counter (one budget × scope value × window) three keys:
 *   c:<counter>  hash  `seeded` (set once from the ledger), `spent` (fixed windows), `reserved`,
 *                      and `r:<request id>` = what each unsettled request holds
 *   z:<counter>  zset  request id → deadline, so reservations of a process that died are released
 *   k:<counter>  hash  rolling windows only: bucket index → spend
 * Per request:
 *   q:<request id> hash `state` (reserved | settled) and `t` (when it reserved), kept a day after settling
 *   so that a retried settle is recognised and charges nothing.
 * Amounts are "high,low" pairs (see pico-pair.ts).
 */
import { LUA_PICO_PAIR } from './pico-pair.js';
import { RedisScript } from './redis-script.js';

const LUA_COUNTERS = `
${LUA_PICO_PAIR}
local function rolling_sum(bucket_key, now, bucket_ms, duration_ms)
  local first = math.floor((now - duration_ms) / bucket_ms)
  local last = math.floor(now / bucket_ms)
  local fields = redis.call('HGETALL', bucket_key)
  local high, low, oldest = 0, 0, nil
  for index = 1, #fields, 2 do
    local bucket = tonumber(fields[index])
    if bucket < first then
      redis.call('HDEL', bucket_key, fields[index])
    elseif bucket <= last then
      local h, l = parse(fields[index + 1])
      if h ~= 0 or l ~= 0 then
        high, low = add(high, low, h, l)
        if oldest == nil or bucket < oldest then oldest = bucket end
      end
    end
  end
  return high, low, oldest
end
local function spent_of(counter_key, bucket_key, now, bucket_ms, duration_ms)
  if bucket_ms > 0 then return rolling_sum(bucket_key, now, bucket_ms, duration_ms) end
  local high, low = parse(redis.call('HGET', counter_key, 'spent'))
  return high, low, nil
end
local function set_expiry(keys, ttl_ms)
  if ttl_ms > 0 then
    for _, key in ipairs(keys) do redis.call('PEXPIRE', key, ttl_ms) end
  end
end
`;

/**
 * KEYS: q, then c, z, k per counter. ARGV: request id, now, deadline, record ttl ms, counter count, then per
 * counter: limit, amount, enforced (1|0), bucket ms (0 = fixed window), duration ms, ttl ms (0 = never expires).
 * Replies {'known', state} | {'seed', index…} | {'ok'|'exceeded', then per counter: spent, reserved, oldest bucket or '', over (1|0)}.
 */
export const reserveScript = new RedisScript(`
${LUA_COUNTERS}
local request_id = ARGV[1]
local now = tonumber(ARGV[2])
local deadline = tonumber(ARGV[3])
local record_ttl = tonumber(ARGV[4])
local count = tonumber(ARGV[5])
local known = redis.call('HGET', KEYS[1], 'state')
if known then return {'known', known} end
local missing = {'seed'}
for i = 1, count do
  if redis.call('HEXISTS', KEYS[3 * i - 1], 'seeded') == 0 then table.insert(missing, tostring(i)) end
end
if #missing > 1 then return missing end

local reply = {'ok'}
local refused = false
for i = 1, count do
  local counter_key, deadline_key, bucket_key = KEYS[3 * i - 1], KEYS[3 * i], KEYS[3 * i + 1]
  local base = 5 + 6 * (i - 1)
  -- Release what requests of a dead process still hold here.
  local expired = redis.call('ZRANGEBYSCORE', deadline_key, '-inf', now, 'LIMIT', 0, 1000)
  if #expired > 0 then
    local rh, rl = parse(redis.call('HGET', counter_key, 'reserved'))
    for _, id in ipairs(expired) do
      local hh, hl = parse(redis.call('HGET', counter_key, 'r:' .. id))
      rh, rl = sub(rh, rl, hh, hl)
      redis.call('HDEL', counter_key, 'r:' .. id)
      redis.call('ZREM', deadline_key, id)
    end
    redis.call('HSET', counter_key, 'reserved', enc(rh, rl))
  end
  local sh, sl, oldest = spent_of(counter_key, bucket_key, now, tonumber(ARGV[base + 4]), tonumber(ARGV[base + 5]))
  local rh, rl = parse(redis.call('HGET', counter_key, 'reserved'))
  local lh, ll = parse(ARGV[base + 1])
  local ah, al = parse(ARGV[base + 2])
  local th, tl = add(sh, sl, rh, rl)
  th, tl = add(th, tl, ah, al)
  local over = greater(th, tl, lh, ll)
  if over and ARGV[base + 3] == '1' then refused = true end
  table.insert(reply, enc(sh, sl))
  table.insert(reply, enc(rh, rl))
  table.insert(reply, oldest and string.format('%.0f', oldest) or '')
  table.insert(reply, over and '1' or '0')
end
if refused then
  reply[1] = 'exceeded'
  return reply
end

for i = 1, count do
  local counter_key, deadline_key, bucket_key = KEYS[3 * i - 1], KEYS[3 * i], KEYS[3 * i + 1]
  local base = 5 + 6 * (i - 1)
  local rh, rl = parse(redis.call('HGET', counter_key, 'reserved'))
  local ah, al = parse(ARGV[base + 2])
  rh, rl = add(rh, rl, ah, al)
  redis.call('HSET', counter_key, 'reserved', enc(rh, rl), 'r:' .. request_id, ARGV[base + 2])
  redis.call('ZADD', deadline_key, deadline, request_id)
  set_expiry({counter_key, deadline_key, bucket_key}, tonumber(ARGV[base + 6]))
end
redis.call('HSET', KEYS[1], 'state', 'reserved', 't', ARGV[2])
redis.call('PEXPIRE', KEYS[1], record_ttl)
return reply
`);

/**
 * KEYS: q, then c, z, k per counter. ARGV: request id, now, record ttl ms, counter count, then per counter:
 * charge, bucket ms, duration ms, ttl ms. Replies {'duplicate'} or {'settled', then per counter: spent
 * before, spent after (both '' when the counter's window has expired)}.
 */
export const settleScript = new RedisScript(`
${LUA_COUNTERS}
local request_id = ARGV[1]
local now = tonumber(ARGV[2])
local record_ttl = tonumber(ARGV[3])
local count = tonumber(ARGV[4])
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'settled' then return {'duplicate'} end
local reserved_at = tonumber(redis.call('HGET', KEYS[1], 't') or ARGV[2])
local reply = {'settled'}
for i = 1, count do
  local counter_key, deadline_key, bucket_key = KEYS[3 * i - 1], KEYS[3 * i], KEYS[3 * i + 1]
  local base = 4 + 4 * (i - 1)
  local held = redis.call('HGET', counter_key, 'r:' .. request_id)
  -- ZREM tells whether the reservation was still live here (not already released as expired).
  if redis.call('ZREM', deadline_key, request_id) == 1 and held then
    local rh, rl = parse(redis.call('HGET', counter_key, 'reserved'))
    local hh, hl = parse(held)
    rh, rl = sub(rh, rl, hh, hl)
    redis.call('HSET', counter_key, 'reserved', enc(rh, rl))
  end
  if held then redis.call('HDEL', counter_key, 'r:' .. request_id) end
  -- A counter whose window is long over has expired: do not bring it back.
  if redis.call('EXISTS', counter_key) == 1 then
    local bucket_ms, duration_ms = tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
    local bh, bl = spent_of(counter_key, bucket_key, now, bucket_ms, duration_ms)
    local ch, cl = parse(ARGV[base + 1])
    local fh, fl = bh, bl
    if bucket_ms > 0 then
      local bucket = string.format('%.0f', math.floor(reserved_at / bucket_ms))
      local vh, vl = parse(redis.call('HGET', bucket_key, bucket))
      vh, vl = add(vh, vl, ch, cl)
      redis.call('HSET', bucket_key, bucket, enc(vh, vl))
      if math.floor(reserved_at / bucket_ms) >= math.floor((now - duration_ms) / bucket_ms) then fh, fl = add(bh, bl, ch, cl) end
    else
      fh, fl = add(bh, bl, ch, cl)
      redis.call('HSET', counter_key, 'spent', enc(fh, fl))
    end
    set_expiry({counter_key, deadline_key, bucket_key}, tonumber(ARGV[base + 4]))
    table.insert(reply, enc(bh, bl))
    table.insert(reply, enc(fh, fl))
  else
    table.insert(reply, '')
    table.insert(reply, '')
  end
end
redis.call('HSET', KEYS[1], 'state', 'settled')
redis.call('PEXPIRE', KEYS[1], record_ttl)
return reply
`);

/**
 * Seeds a counter from the ledger unless another instance already did (the `seeded` mark works like SET NX).
 * KEYS: c, k. ARGV: 'fixed' | 'rolling', ttl ms, then the spent pair (fixed) or bucket, pair, … (rolling).
 */
export const seedScript = new RedisScript(`
${LUA_COUNTERS}
if redis.call('HSETNX', KEYS[1], 'seeded', '1') == 0 then return 0 end
if ARGV[1] == 'fixed' then
  redis.call('HSET', KEYS[1], 'spent', ARGV[3])
else
  for index = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[index], ARGV[index + 1]) end
end
set_expiry({KEYS[1], KEYS[2]}, tonumber(ARGV[2]))
return 1
`);
