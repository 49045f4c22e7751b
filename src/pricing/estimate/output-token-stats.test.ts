import { describe, expect, it } from 'vitest';
import { OutputTokenStats } from './output-token-stats.js';

describe('OutputTokenStats', () => {
  it('gives mean, p95 and max per target and feature, falling back to the target overall', () => {
    const stats = new OutputTokenStats(100);
    for (let value = 1; value <= 100; value += 1) stats.record('openai/gpt-4o', 'summarize', value);
    stats.record('openai/gpt-4o', undefined, 1000);
    expect(stats.summary('openai/gpt-4o', 'summarize')).toEqual({ samples: 100, mean: 51, p95: 95, max: 100 });
    expect(stats.summary('openai/gpt-4o', 'other-feature')?.max).toBe(1000);
    expect(stats.summary('anthropic/claude', undefined)).toBeUndefined();
  });

  it('keeps only the most recent window', () => {
    const stats = new OutputTokenStats(3);
    for (const value of [500, 500, 500, 10, 20, 30]) stats.record('t', 'f', value);
    expect(stats.summary('t', 'f')).toEqual({ samples: 3, mean: 20, p95: 30, max: 30 });
  });
});
