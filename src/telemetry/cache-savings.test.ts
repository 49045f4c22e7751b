import { describe, expect, it } from 'vitest';
import { usageFromParts } from '../core/usage.js';
import type { UsageParts } from '../core/usage.js';
import { PriceBook } from '../pricing/index.js';
import { cacheSavingsPico } from './cache-savings.js';

const book = new PriceBook();
const AT = new Date('2025-06-01T00:00:00Z');

function priced(providerType: string, model: string, parts: UsageParts) {
  const usage = usageFromParts(parts);
  return { usage, cost: book.price({ providerType, providerId: providerType, model, usage, at: AT }) };
}

/** The definition: the same request priced as if its cache reads were plain input, minus what it cost. */
function uncachedMinusActual(providerType: string, model: string, parts: UsageParts): bigint {
  const actual = priced(providerType, model, parts).cost.totalPico ?? 0n;
  const uncached = priced(providerType, model, { ...parts, noCacheInput: (parts.noCacheInput ?? 0) + (parts.cacheRead ?? 0), cacheRead: 0 }).cost.totalPico ?? 0n;
  return uncached - actual;
}

describe('cacheSavingsPico', () => {
  it.each([
    ['openai', 'gpt-4o-mini', { noCacheInput: 1_200, cacheRead: 8_064, textOutput: 300 }],
    ['anthropic', 'claude-sonnet-4-5', { noCacheInput: 50, cacheRead: 12_000, cacheWrite5m: 2_000, textOutput: 800 }],
    // Past the 200k threshold every price is the long-context price, cache reads' included.
    ['gemini', 'gemini-2.5-pro', { noCacheInput: 40_000, cacheRead: 180_000, textOutput: 1_000 }],
  ] as const)('%s/%s: what the cache reads would have cost uncached minus what they cost', (providerType, model, parts) => {
    const { usage, cost } = priced(providerType, model, parts);
    const savings = cacheSavingsPico(cost, usage);
    expect(savings).toBe(uncachedMinusActual(providerType, model, parts));
    expect(savings).toBeGreaterThan(0n);
  });

  it('is worth 75,000 picodollars per cached token on gpt-4o-mini ($0.15 vs $0.075 per million)', () => {
    const { usage, cost } = priced('openai', 'gpt-4o-mini', { noCacheInput: 10, cacheRead: 1_024 });
    expect(cacheSavingsPico(cost, usage)).toBe(1_024n * 75_000n);
  });

  it('is zero without cache reads, and unknown without a price', () => {
    const { usage, cost } = priced('openai', 'gpt-4o-mini', { noCacheInput: 100, textOutput: 10 });
    expect(cacheSavingsPico(cost, usage)).toBe(0n);
    const unpriced = priced('openai', 'no-such-model', { noCacheInput: 100, cacheRead: 2_000 });
    expect(unpriced.cost.totalPico).toBeNull();
    expect(cacheSavingsPico(unpriced.cost, unpriced.usage)).toBeNull();
    expect(cacheSavingsPico(undefined, usage)).toBeNull();
  });
});
