import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../core/money.js';
import { explainTokens, formatCount, formatPerMTok, formatUsdAmount, formatUsdPrice } from './explain.js';

describe('explain', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [2000, '2,000'],
    [1234567, '1,234,567'],
    [-45000, '-45,000'],
    [10n ** 12n, '1,000,000,000,000'],
  ])('formatCount(%s) = %s', (count, text) => {
    expect(formatCount(count)).toBe(text);
  });

  it('formats prices and amounts without exponents', () => {
    expect(formatPerMTok(parseDecimal('0.15'))).toBe('$0.15/MTok');
    expect(formatPerMTok(parseDecimal('1e-7'))).toBe('$0.0000001/MTok');
    expect(formatUsdPrice(parseDecimal('0.012'))).toBe('$0.012');
    expect(formatUsdAmount(300_000_000n)).toBe('$0.0003');
    expect(formatUsdAmount(-4_000_000_000n)).toBe('-$0.004');
    expect(formatUsdAmount(0n)).toBe('$0');
  });

  it('writes the line the brief asks for', () => {
    expect(explainTokens('input', 2000, parseDecimal('0.15'), 300_000_000n)).toBe('input: 2,000 tokens × $0.15/MTok = $0.0003');
  });
});
