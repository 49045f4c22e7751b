import { describe, expect, it } from 'vitest';
import {
  costOfTokens,
  decimalToString,
  divideRoundHalfEven,
  formatUsd,
  parseDecimal,
  parseUsd,
  usdToNumber,
} from './money.js';

describe('parseDecimal', () => {
  it.each([
    ['0.075', 75n, 3],
    ['12', 12n, 0],
    ['1e-7', 1n, 7],
    ['2.5E3', 2500n, 0],
    ['-0.50', -5n, 1],
    ['.25', 25n, 2],
  ])('reads %s exactly', (text, units, scale) => {
    expect(parseDecimal(text)).toEqual({ units, scale });
  });

  it('reads a float by its shortest round-trip text, not its binary expansion', () => {
    expect(decimalToString(parseDecimal(0.075))).toBe('0.075');
    expect(decimalToString(parseDecimal(0.1 + 0.2))).toBe('0.30000000000000004');
  });

  it.each(['', 'abc', '1.2.3', '1e', 'NaN'])('rejects %j', (text) => {
    expect(() => parseDecimal(text)).toThrow(RangeError);
  });
});

describe('money in picodollars', () => {
  it('parses and formats USD without exponents or trailing zeros', () => {
    expect(parseUsd('25.00')).toBe(25_000_000_000_000n);
    expect(formatUsd(1_020_000_000n)).toBe('0.00102');
    expect(formatUsd(1n)).toBe('0.000000000001');
    expect(formatUsd(0n)).toBe('0');
    expect(formatUsd(-500_000_000_000n)).toBe('-0.5');
    expect(usdToNumber(1_020_000_000n)).toBe(0.00102);
  });

  it('refuses amounts finer than a picodollar rather than rounding them away', () => {
    expect(() => parseUsd('0.0000000000001')).toThrow(/more than 12 decimal places/);
  });

  it('prices tokens at USD per million exactly (gpt-4o-mini: 10,000 input at $0.15/M = $0.0015)', () => {
    expect(formatUsd(costOfTokens(10_000, parseDecimal('0.15')))).toBe('0.0015');
    expect(formatUsd(costOfTokens(8_000, parseDecimal('0.075')))).toBe('0.0006');
    expect(formatUsd(costOfTokens(1, parseDecimal('0.0833333333333')))).toBe('0.000000083333');
  });

  it('rounds half to even at the picodollar', () => {
    expect(divideRoundHalfEven(5n, 2n)).toBe(2n);
    expect(divideRoundHalfEven(7n, 2n)).toBe(4n);
    expect(divideRoundHalfEven(-5n, 2n)).toBe(-2n);
    expect(divideRoundHalfEven(11n, 4n)).toBe(3n);
  });
});
