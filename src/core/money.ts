/**
 * Money is an integer count of picodollars (1e-12 USD) in a bigint, so sums are exact.
 * Prices are decimals (a bigint mantissa and a power-of-ten scale) so that a catalog price
 * like 0.075 USD per million tokens is held as written, not as the nearest binary float.
 */

export type Picodollars = bigint;

export const PICODOLLARS_PER_USD = 1_000_000_000_000n;
const USD_DECIMALS = 12;

export interface Decimal {
  /** The value is `units / 10^scale`. */
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_PATTERN = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-]?)\.(\d+)(?:[eE]([+-]?\d+))?$/;

/** Parses "0.075", "1e-7", "12" or a finite number (by its shortest round-trip text) exactly. */
export function parseDecimal(value: string | number): Decimal {
  const text = typeof value === 'number' ? numberToText(value) : value.trim();
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) throw new RangeError(`not a decimal number: "${text}"`);
  const sign = match[1] ?? match[5] ?? '';
  const whole = match[2] ?? '0';
  const fraction = match[3] ?? match[6] ?? '';
  const exponent = Number(match[4] ?? match[7] ?? '0');
  let units = BigInt(`${whole}${fraction}` || '0');
  let scale = fraction.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (sign === '-') units = -units;
  return normalizeDecimal({ units, scale });
}

function numberToText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return String(value);
}

function normalizeDecimal(decimal: Decimal): Decimal {
  let { units, scale } = decimal;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

export function decimalToString(decimal: Decimal): string {
  return formatScaled(decimal.units, decimal.scale);
}

export function isZeroDecimal(decimal: Decimal): boolean {
  return decimal.units === 0n;
}

export function multiplyDecimal(left: Decimal, right: Decimal): Decimal {
  return normalizeDecimal({ units: left.units * right.units, scale: left.scale + right.scale });
}

/** Divides `numerator` by `denominator` rounding half to even: the rounding banks use, unbiased over many lines. */
export function divideRoundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) return divideRoundHalfEven(-numerator, -denominator);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const remainder = magnitude % denominator;
  const twice = remainder * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** Exact picodollars for `quantity` units at `usdPerUnit`, rounded to the nearest picodollar. */
export function costOfUnits(quantity: bigint | number, usdPerUnit: Decimal): Picodollars {
  const count = typeof quantity === 'bigint' ? quantity : BigInt(quantity);
  const numerator = count * usdPerUnit.units * PICODOLLARS_PER_USD;
  return divideRoundHalfEven(numerator, 10n ** BigInt(usdPerUnit.scale));
}

/** Exact picodollars for `tokens` at a price quoted in USD per million tokens. */
export function costOfTokens(tokens: number, usdPerMillionTokens: Decimal): Picodollars {
  const perToken: Decimal = { units: usdPerMillionTokens.units, scale: usdPerMillionTokens.scale + 6 };
  return costOfUnits(tokens, perToken);
}

/** Parses a USD amount written as a decimal string ("25.00", "0.05") into exact picodollars. */
export function parseUsd(text: string): Picodollars {
  const decimal = parseDecimal(text);
  if (decimal.scale > USD_DECIMALS) {
    throw new RangeError(`"${text}" has more than ${USD_DECIMALS} decimal places; Tollgate counts money in picodollars`);
  }
  return decimal.units * 10n ** BigInt(USD_DECIMALS - decimal.scale);
}

/** Plain decimal text, no exponent, no trailing zeros: 1_020_000_000n → "0.00102". */
export function formatUsd(amount: Picodollars): string {
  return formatScaled(amount, USD_DECIMALS);
}

/** The nearest binary float, for JSON fields that clients read as numbers (never summed by us). */
export function usdToNumber(amount: Picodollars): number {
  return Number(formatUsd(amount));
}

export function sumPicodollars(amounts: Iterable<Picodollars>): Picodollars {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return total;
}

function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString();
  if (scale <= 0) return `${negative ? '-' : ''}${digits}${'0'.repeat(-scale)}`;
  const padded = digits.padStart(scale + 1, '0');
  const whole = padded.slice(0, padded.length - scale);
  const fraction = padded.slice(padded.length - scale).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}
