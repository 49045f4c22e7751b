import { describe, expect, it } from 'vitest';
import { parseUsd } from '../core/money.js';
import { PricingConfigError } from './overrides.js';
import { explainVolumeSplit, parseVolumeCard, volumeDiscount } from './volume-tiers.js';

const schedule = parseVolumeCard(
  { type: 'volume', basis: 'month', tiers: [{ upToUsd: '1000', discount: '0' }, { upToUsd: '10000', discount: '0.1' }, { discount: '0.2' }] },
  'pricing.priceCards["openai/*"]',
);

describe('volumeDiscount', () => {
  it.each([
    ['inside the first tier', '10', '5', '0'],
    ['inside the second tier', '2000', '5', '0.5'],
    ['crossing $1,000', '999.99', '0.05', '0.004'],
    ['crossing $1,000 and $10,000 in one go', '999', '9002', '900.2'],
    ['above the last threshold', '20000', '5', '1'],
    ['exactly at a threshold', '1000', '1', '0.1'],
    ['nothing spent', '999', '0', '0'],
  ])('%s: $%s so far, $%s more → $%s off', (_label, monthToDate, gross, discount) => {
    expect(volumeDiscount(schedule, parseUsd(monthToDate), parseUsd(gross)).discountPico).toBe(parseUsd(discount));
  });

  it('splits exactly at each threshold and explains each part', () => {
    const result = volumeDiscount(schedule, parseUsd('999'), parseUsd('9002'));
    expect(result.splits.map((split) => [split.fromPico, split.toPico, split.discountPico])).toEqual([
      [parseUsd('999'), parseUsd('1000'), 0n],
      [parseUsd('1000'), parseUsd('10000'), parseUsd('900')],
      [parseUsd('10000'), parseUsd('10001'), parseUsd('0.2')],
    ]);
    expect(result.splits[1] && explainVolumeSplit(result.splits[1])).toBe(
      'volume_discount: 10% of $9000 spent between $1000 and $10000 this month = -$900',
    );
  });

  it('rounds each part half to even to the picodollar', () => {
    const third = parseVolumeCard({ type: 'volume', basis: 'month', tiers: [{ discount: '0.333' }] }, 'x');
    expect(volumeDiscount(third, 0n, 3n).discountPico).toBe(1n);
    expect(volumeDiscount(third, 0n, 1_500_000_000_000n).discountPico).toBe(499_500_000_000n);
  });

  it('treats a last tier with a ceiling as open-ended', () => {
    const capped = parseVolumeCard({ type: 'volume', basis: 'month', tiers: [{ upToUsd: 100, discount: 0 }, { upToUsd: 200, discount: '0.5' }] }, 'x');
    expect(volumeDiscount(capped, parseUsd('300'), parseUsd('2')).discountPico).toBe(parseUsd('1'));
  });
});

describe('parseVolumeCard', () => {
  it.each([
    [{ type: 'volume', basis: 'month', tiers: [] }, 'x.tiers: expected at least one tier'],
    [{ type: 'volume', basis: 'month', tiers: [{ upToUsd: '10', discount: '0' }, { upToUsd: '5', discount: '0.1' }] }, 'x.tiers[1].upToUsd: tiers must rise'],
    [{ type: 'volume', basis: 'month', tiers: [{ upToUsd: '0', discount: '0' }] }, 'x.tiers[0].upToUsd'],
    [{ type: 'volume', basis: 'month', tiers: [{ discount: '-0.1' }] }, 'x.tiers[0].discount'],
  ] as const)('rejects %j', (config, message) => {
    expect(() => parseVolumeCard({ ...config, tiers: [...config.tiers] }, 'x')).toThrow(PricingConfigError);
    expect(() => parseVolumeCard({ ...config, tiers: [...config.tiers] }, 'x')).toThrow(message);
  });
});
