import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type RunningSimulator, type SimFault } from '../index.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

function client(options: { timeout?: number; baseURL?: string } = {}): OpenAI {
  return new OpenAI({ baseURL: options.baseURL ?? `${sim.url}/v1`, apiKey: 'sk-test-faults', maxRetries: 0, ...(options.timeout === undefined ? {} : { timeout: options.timeout }) });
}

function postChat(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sim.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test-faults', 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'fault please' }], ...body }),
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('error faults by header, in OpenAI shape', () => {
  it.each([
    ['rate_limit', 429, { type: 'requests', code: 'rate_limit_exceeded' }],
    ['server_error', 500, { type: 'server_error', code: null }],
    ['overloaded', 503, { type: 'server_error', code: null }],
    ['auth', 401, { type: 'invalid_request_error', code: 'invalid_api_key' }],
    ['context_length', 400, { type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' }],
    ['bad_request', 400, { type: 'invalid_request_error', code: 'invalid_value' }],
  ] as Array<[SimFault, number, Record<string, unknown>]>)('%s → %i', async (fault, status, error) => {
    const response = await postChat({}, { 'x-sim-fault': fault, 'x-sim-retry-after': '3' });
    expect(response.status).toBe(status);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject(error);
    expect(typeof body.error.message).toBe('string');
    if (fault === 'rate_limit') {
      expect(response.headers.get('retry-after')).toBe('3');
      expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    }
  });

  it('surfaces as the SDK error classes', async () => {
    const openai = client();
    const ask = (fault: SimFault) => openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-sim-fault': fault } });
    await expect(ask('rate_limit')).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(ask('server_error')).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(ask('auth')).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(ask('bad_request')).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('rejects an unknown fault name, saying which exist', async () => {
    const response = await postChat({}, { 'x-sim-fault': 'meltdown' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('rate_limit');
  });
});

describe('faults by model behaviour', () => {
  it('injects on the next faultCount requests, then serves normally', async () => {
    sim.setModelBehaviour('gpt-4o-mini', { fault: 'server_error', faultCount: 2 });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await postChat({})).status);
    expect(statuses).toEqual([500, 500, 200]);
    sim.setModelBehaviour('gpt-4o-mini', undefined);
  });

  it('is steerable over HTTP, and {} clears it', async () => {
    const set = await fetch(`${sim.url}/_sim/models/gpt-4.1`, { method: 'POST', body: JSON.stringify({ fault: 'rate_limit', retryAfterSeconds: 7 }) });
    expect(set.status).toBe(200);
    const limited = await postChat({ model: 'gpt-4.1' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    await fetch(`${sim.url}/_sim/models/gpt-4.1`, { method: 'POST', body: '{}' });
    expect((await postChat({ model: 'gpt-4.1' })).status).toBe(200);
    const invalid = await fetch(`${sim.url}/_sim/models/gpt-4.1`, { method: 'POST', body: JSON.stringify({ fault: 'nonsense' }) });
    expect(invalid.status).toBe(400);
  });

  it('serves any model that has a behaviour entry', async () => {
    expect((await postChat({ model: 'my-private-finetune' })).status).toBe(404);
    sim.setModelBehaviour('my-private-finetune', { outputTokens: 5 });
    const response = await client().chat.completions.create({ model: 'my-private-finetune', messages: [{ role: 'user', content: 'x' }] });
    expect(response.usage?.completion_tokens).toBe(5);
    sim.setModelBehaviour('my-private-finetune', undefined);
  });
});

describe('body faults', () => {
  it('cut: a stream that stops mid-way without [DONE]', async () => {
    const stream = await client().chat.completions.create(
      { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'cut me' }] },
      { headers: { 'x-sim-fault': 'cut', 'x-sim-output-tokens': '40' } },
    );
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toThrow();
    expect(received.length).toBeGreaterThan(1);
  });

  it('cut: a sync body shorter than its content-length', async () => {
    await expect(postChat({}, { 'x-sim-fault': 'cut' }).then((response) => response.text())).rejects.toThrow();
  });

  it('malformed: 200 with a body that is not JSON', async () => {
    const response = await postChat({}, { 'x-sim-fault': 'malformed' });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('malformed: a stream with a data line that is not JSON', async () => {
    const response = await postChat({ stream: true }, { 'x-sim-fault': 'malformed' });
    const lines = (await response.text()).split('\n\n').filter((line) => line.startsWith('data: {'));
    expect(lines.some((line) => {
      try {
        JSON.parse(line.slice(6));
        return false;
      } catch {
        return true;
      }
    })).toBe(true);
  });
});

describe('hangs and disconnects', () => {
  it('hang: headers never come; the client times out and the request counts as aborted', async () => {
    const own = await startSimulator({ models: { 'gpt-4o': { fault: 'hang' } } });
    try {
      const openai = new OpenAI({ baseURL: `${own.url}/v1`, apiKey: 'sk-test', maxRetries: 0, timeout: 200 });
      await expect(openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
      await waitFor(() => own.stats().inFlight === 0);
      expect(own.stats()).toMatchObject({ requests: 1, completed: 0, aborted: 1, byModel: { 'gpt-4o': { requests: 1, completed: 0, aborted: 1 } } });
    } finally {
      await own.close();
    }
  });

  it('close() ends hung requests and returns promptly', async () => {
    const own = await startSimulator();
    const pending = fetch(`${own.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json', 'x-sim-fault': 'hang' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
    });
    await waitFor(() => own.stats().inFlight === 1);
    const startedAt = Date.now();
    await own.close();
    expect(Date.now() - startedAt).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });

  it('a client disconnect mid-stream is counted as aborted and clears the generation timer', async () => {
    // Watch the pacing timers (the simulator's `pump`): pending until they fire or are cleared.
    const pending = new Set<unknown>();
    const realSetTimeout = globalThis.setTimeout;
    const realClearTimeout = globalThis.clearTimeout;
    const setSpy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
      const handle = realSetTimeout(() => {
        pending.delete(handle);
        callback(...args);
      }, delay);
      if (callback.name === 'pump') pending.add(handle);
      return handle;
    }) as typeof setTimeout);
    const clearSpy = vi.spyOn(globalThis, 'clearTimeout').mockImplementation((handle) => {
      pending.delete(handle);
      realClearTimeout(handle);
    });
    const own = await startSimulator({ latency: { tokensPerSecond: 5 } });
    try {
      const controller = new AbortController();
      const openai = new OpenAI({ baseURL: `${own.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
      const stream = await openai.chat.completions.create(
        { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'long one' }] },
        { signal: controller.signal, headers: { 'x-sim-output-tokens': '400' } },
      );
      let chunks = 0;
      try {
        for await (const _chunk of stream) {
          if (++chunks === 3) {
            expect(pending.size).toBe(1);
            controller.abort();
          }
        }
      } catch {
        // the SDK may end the iteration quietly or throw an abort error: either is a disconnect
      }
      await waitFor(() => own.stats().aborted === 1);
      expect(own.stats()).toMatchObject({ completed: 0, aborted: 1, inFlight: 0 });
      expect(pending.size).toBe(0);
    } finally {
      setSpy.mockRestore();
      clearSpy.mockRestore();
      await own.close();
    }
  });
});
