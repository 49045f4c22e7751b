/**
 * The catalog stores prices as binary floats (JSON numbers), some with artefacts of the
 * arithmetic that produced them: 0.18000000000000002, 0.08333333333333334. We read each
 * number by its shortest round-trip text (what JavaScript prints), then round that decimal
 * to 12 significant digits, half to even. Twelve digits keep every price the catalog means
 * (in 0.1.8 no price has more than 6; only repeating fractions such as 1/12 reach the cap)
 * while dropping the float noise in the 16th and 17th digits: 0.18000000000000002 becomes
 * 0.18, and 0.08333333333333334 becomes 0.0833333333333.
 */
import { type Decimal, decimalToString, divideRoundHalfEven, parseDecimal } from '../../core/money.js';

export const CATALOG_SIGNIFICANT_DIGITS = 12;

export function catalogNumberToDecimal(value: number): Decimal {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`catalog price is not a finite non-negative number: ${value}`);
  return roundToSignificantDigits(parseDecimal(value), CATALOG_SIGNIFICANT_DIGITS);
}

export function roundToSignificantDigits(decimal: Decimal, digits: number): Decimal {
  const magnitude = (decimal.units < 0n ? -decimal.units : decimal.units).toString().length;
  const excess = magnitude - digits;
  if (excess <= 0) return decimal;
  const units = divideRoundHalfEven(decimal.units, 10n ** BigInt(excess));
  // Through text, so the result comes back normalised (no trailing zeros in the mantissa).
  return parseDecimal(decimalToString({ units, scale: decimal.scale - excess }));
}
