/**
 * Replaying recorded provider responses through the gateway: the client receives the recorded
 * body byte for byte, plus Tollgate's cost members in `usage`, and the hand-worked cost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../src/server/start-gateway.js';
import { HAS_CAPTURES, readCapture } from './helpers/captures.js';
import { startReplayUpstream, type ReplayUpstream } from './helpers/replay-upstream.js';
import { makeTempDir } from './helpers/temp-dir.js';

const COST_MEMBERS = /,"cost":[^,]*,"cost_details":(?:null|\{[^}]*\}),"cost_status":"[a-z]+"/;

describe.skipIf(!HAS_CAPTURES)('OpenAI-format capture replay', () => {
  let upstream: ReplayUpstream;
  let gateway: RunningGateway;
  const temp = makeTempDir();

  beforeAll(async () => {
    upstream = await startReplayUpstream({ body: '{}' });
    gateway = await startGateway({
      env: {},
      logLevel: 'warn',
      config: {
        server: { port: 0 },
        storage: { url: `sqlite://${temp.path}/t.db` },
        ledger: { journalDir: `${temp.path}/journal` },
        providers: { recorded: { type: 'openai', apiKey: 'sk-x', baseUrl: upstream.url } },
      },
    });
  });

  afterAll(async () => {
    await gateway.close();
    await upstream.close();
    temp.cleanup();
  });

  it('openai-chat/openai-text.json: recorded body plus cost, priced at gpt-4.1-nano rates', async () => {
    const recorded = readCapture('openai-chat/openai-text.json');
    upstream.respondWith({ body: recorded });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'recorded/gpt-4.1-nano', messages: [{ role: 'user', content: 'Invent a holiday' }] }),
    });
    const text = await response.text();
    expect(text.replace(COST_MEMBERS, '')).toBe(recorded);
    const usage = (JSON.parse(text) as { usage: Record<string, unknown> }).usage;
    // 16 prompt tokens at $0.10/M + 363 completion tokens at $0.40/M = $0.0000016 + $0.0001452
    expect(response.headers.get('x-tollgate-cost-usd')).toBe('0.0001468');
    expect(usage.cost).toBe(0.0001468);
    expect(usage.cost_details).toEqual({ input: 0.0000016, output: 0.0001452 });
    expect(usage.cost_status).toBe('exact');
    expect(response.headers.get('x-tollgate-model')).toBe('gpt-4.1-nano-2025-04-14');
    const sent = JSON.parse(upstream.requests.at(-1)?.body ?? '{}') as { model: string };
    expect(sent.model).toBe('gpt-4.1-nano');
  });

  it('openai-chat/reasoning-model-legacy-parameter-error.json: the provider 400 reaches the client as a 400 naming it', async () => {
    upstream.respondWith({ status: 400, body: readCapture('openai-chat/reasoning-model-legacy-parameter-error.json') });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'recorded/o3', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe('upstream_rejected_request');
    expect(body.error.message).toContain("Unsupported parameter: 'max_tokens' is not supported with this model");
    expect(body.error.message).toContain('recorded/o3');
  });

  it('hand-worked: gpt-4o-mini, 10,000 prompt tokens of which 8,000 cached, 200 output = $0.00102', async () => {
    upstream.respondWith({
      body: JSON.stringify({
        id: 'chatcmpl-x',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-mini-2024-07-18',
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10_000, completion_tokens: 200, total_tokens: 10_200, prompt_tokens_details: { cached_tokens: 8000 } },
      }),
    });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'recorded/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
    });
    const usage = ((await response.json()) as { usage: { cost: number; cost_details: Record<string, number> } }).usage;
    expect(response.headers.get('x-tollgate-cost-usd')).toBe('0.00102');
    expect(usage.cost_details).toEqual({ input: 0.0003, cache_read: 0.0006, output: 0.00012 });
  });
});
