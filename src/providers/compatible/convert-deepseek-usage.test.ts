import { describe, expect, it } from 'vitest';
import { convertDeepSeekUsage } from './convert-deepseek-usage.js';

describe('convertDeepSeekUsage', () => {
  it('cache hits are cache reads, misses plain input; reasoning is inside completion_tokens', () => {
    const raw = { prompt_tokens: 1000, completion_tokens: 300, prompt_cache_hit_tokens: 640, prompt_cache_miss_tokens: 360, completion_tokens_details: { reasoning_tokens: 120 } };
    expect(convertDeepSeekUsage(raw)).toEqual({
      input: { total: 1000, noCache: 360, cacheRead: 640, cacheWrite5m: 0, cacheWrite1h: 0 },
      output: { total: 300, text: 180, reasoning: 120 },
      raw,
    });
  });

  it('falls back to prompt_tokens_details.cached_tokens, and answers undefined without counts', () => {
    expect(convertDeepSeekUsage({ prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 4 } })?.input).toMatchObject({ noCache: 6, cacheRead: 4 });
    expect(convertDeepSeekUsage({})).toBeUndefined();
    expect(convertDeepSeekUsage(null)).toBeUndefined();
  });
});
