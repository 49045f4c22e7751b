import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from './index.js';

let sim: RunningSimulator;
let openai: OpenAI;

beforeAll(async () => {
  sim = await startSimulator();
  openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
});
afterAll(async () => sim.close());

describe('startSimulator', () => {
  it('listens on a free port and gives a url without a trailing slash', () => {
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
  });
});

describe('routing', () => {
  it('404s unknown paths and 405s wrong methods, each in its provider shape', async () => {
    const unknown = await fetch(`${sim.url}/v1/completions-of-the-future`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { message: 'Invalid URL (POST /v1/completions-of-the-future)', type: 'invalid_request_error', param: null, code: null } });
    const wrongMethod = await fetch(`${sim.url}/v1/chat/completions`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(await wrongMethod.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    const anthropicMethod = await fetch(`${sim.url}/anthropic/v1/messages`);
    expect(anthropicMethod.status).toBe(405);
    expect(await anthropicMethod.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('lists and retrieves models for both providers', async () => {
    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-5', 'o3', 'o4-mini', 'text-embedding-3-small', 'text-embedding-3-large']));
    expect(await openai.models.retrieve('gpt-5-nano')).toMatchObject({ id: 'gpt-5-nano', object: 'model' });
    await expect(openai.models.retrieve('gpt-0')).rejects.toMatchObject({ status: 404 });
    const anthropic = new Anthropic({ baseURL: `${sim.url}/anthropic`, apiKey: 'sk-ant', maxRetries: 0 });
    const claude: string[] = [];
    for await (const model of anthropic.models.list()) claude.push(model.id);
    expect(claude).toEqual(expect.arrayContaining(['claude-sonnet-4-5', 'claude-sonnet-4-5-20250929', 'claude-opus-4-5', 'claude-haiku-4-5', 'claude-3-5-haiku-latest']));
  });

  it('answers a malformed x-sim header with a 400 that says what is wrong', async () => {
    await expect(openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-sim-output-tokens': 'lots' } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('x-sim-output-tokens') as unknown,
    });
  });
});

describe('stats and control endpoints', () => {
  it('counts requests per model, serves them over HTTP, and resets', async () => {
    const own = await startSimulator();
    try {
      const client = new OpenAI({ baseURL: `${own.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
      await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'one' }] });
      await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'two' }] });
      await client.embeddings.create({ model: 'text-embedding-3-small', input: 'three' });
      const expected = {
        requests: 3,
        completed: 3,
        aborted: 0,
        inFlight: 0,
        byModel: { 'gpt-4o': { requests: 2, completed: 2, aborted: 0 }, 'text-embedding-3-small': { requests: 1, completed: 1, aborted: 0 } },
      };
      expect(own.stats()).toEqual(expected);
      expect(await (await fetch(`${own.url}/_sim/stats`)).json()).toEqual(expected);
      expect((await fetch(`${own.url}/_sim/reset`, { method: 'POST' })).status).toBe(200);
      expect(own.stats()).toEqual({ requests: 0, completed: 0, aborted: 0, inFlight: 0, byModel: {} });
      await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'four' }] });
      own.resetStats();
      expect(own.stats().requests).toBe(0);
      expect((await fetch(`${own.url}/_sim/nothing`)).status).toBe(404);
    } finally {
      await own.close();
    }
  });
});

describe('latency', () => {
  it('streams the first token after ttft and the rest at tokens per second', async () => {
    const startedAt = performance.now();
    const stream = await openai.chat.completions.create(
      { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'paced' }] },
      { headers: { 'x-sim-ttft-ms': '150', 'x-sim-tps': '100', 'x-sim-output-tokens': '31' } },
    );
    let firstContentAt: number | undefined;
    let pieces = 0;
    for await (const chunk of stream) {
      if ((chunk.choices[0]?.delta.content ?? '').length > 0) {
        firstContentAt ??= performance.now() - startedAt;
        pieces++;
      }
    }
    const totalMs = performance.now() - startedAt;
    expect(pieces).toBe(31);
    expect(firstContentAt).toBeGreaterThanOrEqual(140);
    expect(firstContentAt).toBeLessThan(1000);
    // 150 ms to the first token, then 30 more at 10 ms each.
    expect(totalMs).toBeGreaterThanOrEqual(430);
  });

  it('holds a sync answer for the equivalent time, with latency from the model behaviour', async () => {
    sim.setModelBehaviour('gpt-4.1-nano', { ttftMs: 120, tokensPerSecond: 200, outputTokens: 41 });
    try {
      const startedAt = performance.now();
      const completion = await openai.chat.completions.create({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'slow' }] });
      expect(completion.usage?.completion_tokens).toBe(41);
      // 120 ms + 40 tokens at 5 ms each.
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(310);
    } finally {
      sim.setModelBehaviour('gpt-4.1-nano', undefined);
    }
  });

  it('sends message_start before the first token for Anthropic streams', async () => {
    const startedAt = performance.now();
    const response = await fetch(`${sim.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json', 'x-sim-ttft-ms': '1500' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    const reader = response.body?.getReader();
    const first = await reader?.read();
    const firstAt = performance.now() - startedAt;
    expect(new TextDecoder().decode(first?.value)).toContain('event: message_start');
    expect(firstAt).toBeLessThan(1000);
    await reader?.cancel();
  });
});
