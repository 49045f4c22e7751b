/**
 * Money as Redis scripts hold it. Lua 5.1 numbers are doubles, exact only to 2^53 (about $9,007 in
 * picodollars), so an amount travels as "high,low": high = whole units of 10^9 picodollars (tenths of a cent),
 * low = the rest (0 ≤ low < 10^9). Each part stays far below 2^53 for any plausible budget, so sums and
 * comparisons in the script are exact.
 */

export const PAIR_SPLIT = 1_000_000_000n;

export function toPicoPair(amount: bigint): string {
  const high = floorDivide(amount, PAIR_SPLIT);
  return `${high},${amount - high * PAIR_SPLIT}`;
}

export function fromPicoPair(text: string): bigint {
  const match = /^(-?\d+),(-?\d+)$/.exec(text);
  if (!match) throw new TypeError(`not a picodollar pair: "${text}"`);
  return BigInt(match[1] ?? '0') * PAIR_SPLIT + BigInt(match[2] ?? '0');
}

function floorDivide(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return numerator % denominator < 0n ? quotient - 1n : quotient;
}

/** The Lua side of the same encoding, shared by every budget script. */
export const LUA_PICO_PAIR = `
local SPLIT = 1000000000
local function parse(value)
  if not value then return 0, 0 end
  local high, low = string.match(value, '^(-?%d+),(-?%d+)$')
  if not high then return 0, 0 end
  return tonumber(high), tonumber(low)
end
local function norm(high, low)
  local carry = math.floor(low / SPLIT)
  return high + carry, low - carry * SPLIT
end
local function add(h1, l1, h2, l2) return norm(h1 + h2, l1 + l2) end
local function sub(h1, l1, h2, l2) return norm(h1 - h2, l1 - l2) end
local function enc(high, low) return string.format('%.0f,%.0f', high, low) end
local function greater(h1, l1, h2, l2)
  if h1 ~= h2 then return h1 > h2 end
  return l1 > l2
end
`;
