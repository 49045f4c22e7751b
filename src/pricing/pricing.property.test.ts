import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseUsd } from '../core/money.js';
import { type Usage, usageFromParts } from '../core/usage.js';
import { PriceBook } from './price-book.js';
import { RANDOM_MODELS, RANDOM_SERVICE_TIERS, randomWorkload } from './test-fixtures/random-usage.js';
import type { CostBreakdown } from './price-card.js';
import { parseVolumeCard, volumeDiscount } from './volume-tiers.js';

const book = new PriceBook({
  priceCards: {
    'anthropic/*': { type: 'volume', basis: 'month', tiers: [{ upToUsd: '1', discount: '0' }, { upToUsd: '5', discount: '0.15' }, { discount: '0.3' }] },
  },
});

const MODELS = RANDOM_MODELS;
const TIERS = RANDOM_SERVICE_TIERS;

const PART_NAMES = ['noCacheInput', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'textOutput', 'reasoningOutput'] as const;
type Parts = Record<(typeof PART_NAMES)[number], number>;

const tokenCount = fc.integer({ min: 0, max: 400_000 });
const partsArbitrary = fc.record({
  noCacheInput: tokenCount,
  cacheRead: tokenCount,
  cacheWrite5m: tokenCount,
  cacheWrite1h: tokenCount,
  textOutput: tokenCount,
  reasoningOutput: tokenCount,
});
const requestArbitrary: fc.Arbitrary<RandomRequest> = fc.record({
  model: fc.constantFrom(...MODELS),
  tier: fc.constantFrom(...TIERS),
  parts: partsArbitrary,
  webSearches: fc.integer({ min: 0, max: 5 }),
  at: fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }),
  monthToDate: fc.bigInt({ min: 0n, max: 10n * 10n ** 12n }),
});

function usageOf(parts: Parts, webSearches = 0): Usage {
  const usage = usageFromParts(parts);
  if (webSearches > 0) usage.units = { web_search: webSearches };
  return usage;
}

interface RandomRequest {
  model: (typeof MODELS)[number];
  tier: (typeof TIERS)[number];
  parts: Parts;
  webSearches: number;
  at: Date;
  monthToDate: bigint;
}

function priceOf(request: RandomRequest, parts: Parts = request.parts): CostBreakdown {
  const [providerType, model] = request.model;
  return book.price({
    providerType,
    providerId: providerType,
    model,
    usage: usageOf(parts, request.webSearches),
    at: request.at,
    monthToDateUsagePico: request.monthToDate,
    ...(request.tier === undefined ? {} : { serviceTier: request.tier }),
  });
}

function sumLines(breakdown: CostBreakdown): bigint {
  let sum = 0n;
  for (const amount of Object.values(breakdown.lines)) sum += amount ?? 0n;
  return sum;
}

describe('pricing properties', () => {
  it('cost is never negative and line items add up to the total', () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        const cost = priceOf(request);
        expect(cost.totalPico).not.toBeNull();
        expect(cost.totalPico ?? -1n).toBeGreaterThanOrEqual(0n);
        expect(sumLines(cost)).toBe(cost.totalPico);
        for (const [name, amount] of Object.entries(cost.lines)) {
          expect(amount).not.toBe(0n);
          if (name !== 'volume_discount') expect(amount ?? -1n).toBeGreaterThan(0n);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is monotone in each token count', () => {
    fc.assert(
      fc.property(requestArbitrary, fc.constantFrom(...PART_NAMES), fc.integer({ min: 1, max: 300_000 }), (request, part, extra) => {
        const before = priceOf(request).totalPico ?? 0n;
        const after = priceOf(request, { ...request.parts, [part]: request.parts[part] + extra }).totalPico ?? 0n;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 2000 },
    );
  });

  it('volume discounts never make spend negative or decreasing', () => {
    const schedule = parseVolumeCard({ type: 'volume', basis: 'month', tiers: [{ upToUsd: '0.5', discount: '0.05' }, { upToUsd: '3', discount: '0.333' }, { discount: '1' }] }, 'x');
    const amount = fc.bigInt({ min: 0n, max: 5n * 10n ** 12n });
    fc.assert(
      fc.property(amount, amount, fc.bigInt({ min: 0n, max: 10n ** 9n }), (monthToDate, gross, more) => {
        const net = gross - volumeDiscount(schedule, monthToDate, gross).discountPico;
        const netMore = gross + more - volumeDiscount(schedule, monthToDate, gross + more).discountPico;
        expect(net).toBeGreaterThanOrEqual(0n);
        expect(netMore).toBeGreaterThanOrEqual(net);
      }),
      { numRuns: 2000 },
    );
  });

  it('a million random breakdowns: the sum of totals equals the sum of line items, exactly', () => {
    // A seeded xorshift keeps the million-run fast and reproducible; fast-check covers the shapes above.
    let seed = 0x9e3779b9;
    const next = (limit: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % limit;
    };
    const base = Date.parse('2025-01-01T00:00:00Z');
    let totals = 0n;
    let lineSum = 0n;
    for (let index = 0; index < 1_000_000; index += 1) {
      const { providerType, model, serviceTier: tier, usage } = randomWorkload(next);
      const cost = book.price({
        providerType,
        providerId: providerType,
        model,
        usage,
        at: new Date(base + next(86_400_000) * 365),
        monthToDateUsagePico: BigInt(next(8_000)) * 1_000_000_000n,
        ...(tier === undefined ? {} : { serviceTier: tier }),
      });
      totals += cost.totalPico ?? 0n;
      lineSum += sumLines(cost);
    }
    expect(lineSum).toBe(totals);
    expect(totals).toBeGreaterThan(parseUsd('1000'));
  }, 30_000);
});
