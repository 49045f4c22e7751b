import { describe, expect, it } from 'vitest';
import { decimalToString } from '../../core/money.js';
import { catalogNumberToDecimal, roundToSignificantDigits } from './float-to-decimal.js';

describe('catalogNumberToDecimal', () => {
  it.each([
    [0.18000000000000002, '0.18'],
    [0.08333333333333334, '0.0833333333333'],
    [0.075, '0.075'],
    [0.15, '0.15'],
    [3.75, '3.75'],
    [2.125, '2.125'],
    [1e-7, '0.0000001'],
    [1.1, '1.1'],
    [0.1 + 0.2, '0.3'],
    [15, '15'],
    [0, '0'],
    [123456789012345, '123456789012000'],
  ])('%s reads as %s', (value, text) => {
    expect(decimalToString(catalogNumberToDecimal(value))).toBe(text);
  });

  it('rejects negative and non-finite prices', () => {
    expect(() => catalogNumberToDecimal(-1)).toThrow(RangeError);
    expect(() => catalogNumberToDecimal(Number.NaN)).toThrow(RangeError);
    expect(() => catalogNumberToDecimal(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('roundToSignificantDigits', () => {
  it('rounds half to even at the cut', () => {
    expect(decimalToString(roundToSignificantDigits({ units: 125n, scale: 3 }, 2))).toBe('0.12');
    expect(decimalToString(roundToSignificantDigits({ units: 135n, scale: 3 }, 2))).toBe('0.14');
    expect(decimalToString(roundToSignificantDigits({ units: 1251n, scale: 4 }, 2))).toBe('0.13');
  });

  it('leaves short decimals alone', () => {
    const decimal = { units: 75n, scale: 3 };
    expect(roundToSignificantDigits(decimal, 12)).toBe(decimal);
  });
});
