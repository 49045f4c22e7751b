import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costOfTokens, parseDecimal } from '../core/money.js';
import { tokenCost } from './token-cost.js';

describe('tokenCost', () => {
  it.each([
    [2000, '0.15', 300_000_000n],
    [8000, '0.075', 600_000_000n],
    [1, '0.0000005', 0n],
    [3, '0.0000005', 2n],
    [190_001, '2.5', 475_002_500_000n],
  ])('%i tokens at $%s/MTok = %s picodollars', (tokens, price, expected) => {
    expect(tokenCost(tokens, parseDecimal(price))).toBe(expected);
  });

  it('agrees with core costOfTokens for any price and count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 14 }), (tokens, units, scale) => {
        const price = { units, scale };
        expect(tokenCost(tokens, price)).toBe(costOfTokens(tokens, price));
      }),
      { numRuns: 5000 },
    );
  });
});
