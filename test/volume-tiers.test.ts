/**
 * Volume tiers from a config price card: the month's spend at a provider account crosses a
 * threshold and the next requests are discounted, split exactly at the threshold; the running
 * total lives in the store, so a restart keeps it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../src/server/start-gateway.js';
import { startReplayUpstream, type ReplayUpstream } from './helpers/replay-upstream.js';
import { makeTempDir } from './helpers/temp-dir.js';

describe('volume tiers', () => {
  let upstream: ReplayUpstream;
  const temp = makeTempDir();

  beforeAll(async () => {
    // Every answer: 10,000 prompt tokens and no output — $0.0015 at gpt-4o-mini's $0.15 per million.
    upstream = await startReplayUpstream({
      body: JSON.stringify({
        id: 'chatcmpl-v',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10_000, completion_tokens: 0, total_tokens: 10_000 },
      }),
    });
  });

  afterAll(async () => {
    await upstream.close();
    temp.cleanup();
  });

  const config = (): Record<string, unknown> => ({
    server: { port: 0 },
    storage: { url: `sqlite://${temp.path}/ledger.db` },
    ledger: { journalDir: `${temp.path}/journal` },
    providers: { acme: { type: 'openai', apiKey: 'sk', baseUrl: upstream.url } },
    pricing: { priceCards: { 'acme/*': { type: 'volume', basis: 'month', tiers: [{ upToUsd: '0.002', discount: '0' }, { discount: '0.5' }] } } },
  });

  async function cost(url: string): Promise<{ total: string | null; details: Record<string, number> }> {
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'acme/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
    });
    const body = (await response.json()) as { usage: { cost_details: Record<string, number> } };
    return { total: response.headers.get('x-tollgate-cost-usd'), details: body.usage.cost_details };
  }

  it('discounts past the threshold, split exactly at it, and keeps the month total across a restart', async () => {
    const first = await startGateway({ env: {}, logLevel: 'warn', config: config() });
    try {
      expect((await cost(first.url)).total).toBe('0.0015');
      // $0.0005 up to the $0.002 threshold at full price, the other $0.001 at half.
      const crossing = await cost(first.url);
      expect(crossing.total).toBe('0.001');
      expect(crossing.details).toEqual({ input: 0.0015, volume_discount: -0.0005 });
      expect((await cost(first.url)).total).toBe('0.00075');
    } finally {
      await first.close();
    }
    const restarted = await startGateway({ env: {}, logLevel: 'warn', config: config() });
    try {
      expect((await cost(restarted.url)).total).toBe('0.00075');
    } finally {
      await restarted.close();
    }
  });
});
