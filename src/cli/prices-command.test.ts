import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseWorkload, pricesCommand } from './prices-command.js';

async function run(args: string[]): Promise<string> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
  try {
    await pricesCommand().parseAsync(args, { from: 'user' });
  } finally {
    write.mockRestore();
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('tollgate prices', () => {
  it('ranks models by a workload, costed exactly (gpt-4o-mini: 10,000 in of which 8,000 cached, 200 out = $0.00102)', async () => {
    const json = JSON.parse(await run(['--json', 'openai/gpt-4o', 'openai/gpt-4o-mini', '--workload', 'input=10000,output=200,cached=8000'])) as { models: Array<{ model: string; workload_cost_usd: string; usd_per_mtok: Record<string, string | null>; source: string }> };
    expect(json.models.map((model) => model.model)).toEqual(['openai/gpt-4o-mini', 'openai/gpt-4o']);
    expect(json.models[0]?.workload_cost_usd).toBe('0.00102');
    // gpt-4o: 2,000 × $2.50 + 8,000 × $1.25 + 200 × $10, per million = $0.017
    expect(json.models[1]?.workload_cost_usd).toBe('0.017');
    expect(json.models[0]?.usd_per_mtok).toMatchObject({ input: '0.15', cache_read: '0.075', output: '0.6' });
    expect(json.models[0]?.source).toBe('catalog openai/gpt-4o-mini');
  });

  it('lists unknown models apart instead of inventing a price', async () => {
    const json = JSON.parse(await run(['--json', 'openai/not-a-model'])) as { models: unknown[]; unknown: string[] };
    expect(json.models).toEqual([]);
    expect(json.unknown).toEqual(['openai/not-a-model']);
  });

  it('rejects a malformed workload', () => {
    expect(() => parseWorkload('input=10,bogus=3')).toThrow(/bogus=3/);
    expect(() => parseWorkload('input=10,cached=20')).toThrow(/cannot exceed input/);
    expect(parseWorkload('input=1_000,output=5')).toEqual({ input: 1000, output: 5, cached: 0 });
  });
});
