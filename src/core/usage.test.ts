import { describe, expect, it } from 'vitest';
import { checkUsage, usageFromParts } from './usage.js';

describe('usageFromParts', () => {
  it('derives totals from disjoint parts', () => {
    const usage = usageFromParts({ noCacheInput: 2000, cacheRead: 8000, textOutput: 150, reasoningOutput: 50 });
    expect(usage.input.total).toBe(10_000);
    expect(usage.output.total).toBe(200);
    expect(checkUsage(usage)).toEqual([]);
  });

  it('clamps negative or missing parts to zero rather than inventing tokens', () => {
    const usage = usageFromParts({ noCacheInput: -3, textOutput: Number.NaN });
    expect(usage.input.total).toBe(0);
    expect(usage.output.total).toBe(0);
  });

  it('reports a usage whose totals disagree with its parts', () => {
    const usage = usageFromParts({ noCacheInput: 10 });
    usage.input.total = 11;
    expect(checkUsage(usage)).toEqual(['input parts add up to 10, total says 11']);
  });
});
