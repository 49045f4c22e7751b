import { describe, expect, it } from 'vitest';
import { decimalToString, parseDecimal } from '../core/money.js';
import { type Usage, usageFromParts } from '../core/usage.js';
import type { PriceCard } from './price-card.js';
import { priceUsage } from './price-usage.js';

const card: PriceCard = {
  source: { kind: 'config', path: 'test' },
  modelId: 'test-model',
  inputPerMTok: parseDecimal('2'),
  cacheReadPerMTok: parseDecimal('0.5'),
  cacheWrite5mPerMTok: parseDecimal('2.5'),
  cacheWrite1hPerMTok: parseDecimal('4'),
  outputPerMTok: parseDecimal('8'),
};

function lines(usage: Usage, priceCard: PriceCard = card): Record<string, string> {
  const result = priceUsage(priceCard, usage);
  return Object.fromEntries(Object.entries(result.lines).map(([name, amount]) => [name, decimalToString({ units: amount ?? 0n, scale: 12 })]));
}

describe('priceUsage line rules', () => {
  it.each([
    ['plain input and output', { noCacheInput: 1_000_000, textOutput: 1_000_000 }, { input: '2', output: '8' }],
    ['cache reads at their own price', { cacheRead: 1_000_000 }, { cache_read: '0.5' }],
    ['5m and 1h writes in one line', { cacheWrite5m: 1_000_000, cacheWrite1h: 1_000_000 }, { cache_write: '6.5' }],
    ['reasoning at the output price', { reasoningOutput: 500_000 }, { reasoning: '4' }],
    ['zero lines omitted', {}, {}],
    ['a single token rounds to the picodollar', { noCacheInput: 1, textOutput: 1 }, { input: '0.000002', output: '0.000008' }],
  ])('%s', (_label, parts, expected) => {
    expect(lines(usageFromParts(parts))).toEqual(expected);
  });

  it('rounds half to even per line', () => {
    const tiny: PriceCard = { ...card, inputPerMTok: parseDecimal('0.0000005') };
    // 1 token × 0.0000005 / 1e6 = 0.5 picodollars → 0; 3 tokens → 1.5 → 2.
    expect(priceUsage(tiny, usageFromParts({ noCacheInput: 1 })).lines).toEqual({});
    expect(priceUsage(tiny, usageFromParts({ noCacheInput: 3 })).lines).toEqual({ input: 2n });
  });

  it('with no cache-write price at all, writes fall back to the input price and warn', () => {
    const { cacheWrite5mPerMTok: _write5m, cacheWrite1hPerMTok: _write1h, ...noWrites } = card;
    const result = priceUsage(noWrites, usageFromParts({ cacheWrite5m: 1_000_000, cacheWrite1h: 1_000_000 }));
    expect(result.lines).toEqual({ cache_write: 4_000_000_000_000n });
    expect(result.isEstimated).toBe(true);
    expect(result.warnings).toHaveLength(2);
  });

  it('a token kind with no price is not charged, and says so', () => {
    const inputOnly: PriceCard = { source: card.source, modelId: 'embed', inputPerMTok: parseDecimal('0.02') };
    const result = priceUsage(inputOnly, usageFromParts({ noCacheInput: 1000, textOutput: 10 }));
    expect(result.lines).toEqual({ input: 20_000_000n });
    expect(result.isEstimated).toBe(true);
    expect(result.warnings).toEqual(['embed has no output price: 10 output tokens not charged']);
  });

  it('an unpriced usage unit is an estimate, not silence', () => {
    const result = priceUsage(card, { ...usageFromParts({}), units: { code_execution: 2 } });
    expect(result.isEstimated).toBe(true);
    expect(result.warnings[0]).toContain('usage unit "code_execution"');
  });

  it('images by count at a config per-image price', () => {
    const perImage: PriceCard = { ...card, perImage: parseDecimal('0.04') };
    expect(lines({ ...usageFromParts({}), units: { images: 3 } }, perImage)).toEqual({ image: '0.12' });
  });

  it('garbage counts count as zero and make an estimate', () => {
    const usage = usageFromParts({ noCacheInput: 10 });
    usage.input.noCache = 1.5;
    const result = priceUsage(card, usage);
    expect(result.lines).toEqual({});
    expect(result.isEstimated).toBe(true);
  });
});
