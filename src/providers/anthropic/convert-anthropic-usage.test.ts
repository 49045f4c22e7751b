import { describe, expect, it } from 'vitest';
import { checkUsage } from '../../core/usage.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mergeAnthropicUsage } from './merge-anthropic-usage.js';

describe('convertAnthropicUsage', () => {
  const cases: Array<{ name: string; raw: Record<string, unknown>; input: [noCache: number, cacheRead: number, write5m: number, write1h: number]; output: [text: number, reasoning: number] }> = [
    {
      name: 'input_tokens EXCLUDES cache reads and writes: the three add up to the prompt',
      raw: { input_tokens: 10, cache_read_input_tokens: 2000, cache_creation_input_tokens: 300, output_tokens: 5 },
      input: [10, 2000, 300, 0],
      output: [5, 0],
    },
    {
      name: 'cache writes split into 5m and 1h by cache_creation',
      raw: { input_tokens: 4, cache_creation_input_tokens: 1500, cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 1000 }, output_tokens: 1 },
      input: [4, 0, 500, 1000],
      output: [1, 0],
    },
    {
      name: 'without the split, every cache write is a 5-minute write',
      raw: { input_tokens: 4, cache_creation_input_tokens: 1500, output_tokens: 1 },
      input: [4, 0, 1500, 0],
      output: [1, 0],
    },
    {
      name: 'a split that no longer matches the total (stale from message_start) leaves the remainder to 5m',
      raw: { input_tokens: 6, cache_creation_input_tokens: 3337, cache_creation: { ephemeral_5m_input_tokens: 3068, ephemeral_1h_input_tokens: 0 }, output_tokens: 1 },
      input: [6, 0, 3337, 0],
      output: [1, 0],
    },
    {
      name: 'thinking tokens are reasoning, a subset of output_tokens',
      raw: { input_tokens: 599, output_tokens: 59, output_tokens_details: { thinking_tokens: 18 } },
      input: [599, 0, 0, 0],
      output: [41, 18],
    },
    {
      name: 'nulls count as zero',
      raw: { input_tokens: 7, cache_creation_input_tokens: null, cache_read_input_tokens: null, cache_creation: null, output_tokens: 3 },
      input: [7, 0, 0, 0],
      output: [3, 0],
    },
  ];
  for (const { name, raw, input, output } of cases) {
    it(name, () => {
      const usage = convertAnthropicUsage(raw);
      expect(usage).toBeDefined();
      if (!usage) return;
      expect([usage.input.noCache, usage.input.cacheRead, usage.input.cacheWrite5m, usage.input.cacheWrite1h]).toEqual(input);
      expect([usage.output.text, usage.output.reasoning]).toEqual(output);
      expect(checkUsage(usage)).toEqual([]);
      expect(usage.raw).toBe(raw);
    });
  }

  it('counts server tool requests as billed units, and keeps the service tier', () => {
    const usage = convertAnthropicUsage({ input_tokens: 1, output_tokens: 1, server_tool_use: { web_search_requests: 3, web_fetch_requests: 0 }, service_tier: 'priority' });
    expect(usage?.units).toEqual({ web_search: 3 });
    expect(usage?.serviceTier).toBe('priority');
  });

  it('is undefined when there is no usage', () => {
    expect(convertAnthropicUsage(undefined)).toBeUndefined();
    expect(convertAnthropicUsage({})).toBeUndefined();
    expect(convertAnthropicUsage('12')).toBeUndefined();
  });
});

describe('mergeAnthropicUsage', () => {
  it('lets the later value win field by field, keeps what only the earlier had, and never sums output', () => {
    const start = { input_tokens: 43, cache_creation_input_tokens: 3068, cache_creation: { ephemeral_5m_input_tokens: 3068, ephemeral_1h_input_tokens: 0 }, output_tokens: 1, service_tier: 'standard' };
    const merged = mergeAnthropicUsage(start, { input_tokens: 61, cache_creation_input_tokens: null, output_tokens: 2, cache_creation: { ephemeral_1h_input_tokens: 5 } });
    expect(merged).toEqual({
      input_tokens: 61,
      cache_creation_input_tokens: 3068,
      cache_creation: { ephemeral_5m_input_tokens: 3068, ephemeral_1h_input_tokens: 5 },
      output_tokens: 2,
      service_tier: 'standard',
    });
    expect(start.input_tokens).toBe(43);
  });

  it('ignores a later value that is not an object', () => {
    expect(mergeAnthropicUsage({ input_tokens: 1 }, undefined)).toEqual({ input_tokens: 1 });
    expect(mergeAnthropicUsage(undefined, null)).toBeUndefined();
  });
});
