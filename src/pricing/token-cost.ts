/**
 * Cost of a token count at a price per million tokens, as core's `costOfTokens` computes it,
 * with the per-price constants worked out once per price object. Prices with at most six
 * decimals (nearly all) cost a whole number of picodollars per token, so the hot path is a
 * single bigint multiply; finer prices divide with core's half-even rounding.
 */
import { type Decimal, type Picodollars, divideRoundHalfEven } from '../core/money.js';

interface TokenRate {
  /** Picodollars per token × `divisor`. */
  numerator: bigint;
  divisor: bigint;
}

const rates = new WeakMap<Decimal, TokenRate>();

export function tokenCost(tokens: number, pricePerMTok: Decimal): Picodollars {
  let rate = rates.get(pricePerMTok);
  if (rate === undefined) {
    // pico per token = units × 10^12 / 10^(scale + 6) = units × 10^(6 - scale)
    const exponent = 6 - pricePerMTok.scale;
    rate = exponent >= 0
      ? { numerator: pricePerMTok.units * 10n ** BigInt(exponent), divisor: 1n }
      : { numerator: pricePerMTok.units, divisor: 10n ** BigInt(-exponent) };
    rates.set(pricePerMTok, rate);
  }
  const count = BigInt(tokens);
  return rate.divisor === 1n ? count * rate.numerator : divideRoundHalfEven(count * rate.numerator, rate.divisor);
}
