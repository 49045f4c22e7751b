/**
 * Every status of DESIGN.md's error table that exists so far, in OpenAI's error shape, with
 * `x-should-retry: false` where retrying cannot help — and fallback across targets.
 */
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers/start-stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    sim: { rejectedApiKeys: ['sk-revoked'] },
    config: (simUrl) => ({
      providers: {
        openai: { type: 'openai', apiKey: 'sk-test', baseUrl: `${simUrl}/v1` },
        backup: { type: 'openai', apiKey: 'sk-test', baseUrl: `${simUrl}/openai/v1` },
        revoked: { type: 'openai', apiKey: 'sk-revoked', baseUrl: `${simUrl}/v1`, models: ['gpt-4.1'] },
      },
      routes: {
        smart: { strategy: 'fallback', targets: ['openai/gpt-4o', 'backup/gpt-4o-mini'] },
        quick: { strategy: 'fallback', targets: ['openai/gpt-4.1', 'backup/gpt-4.1-mini'], timeouts: { firstTokenMs: 300 } },
      },
    }),
  });
});

afterAll(async () => {
  await stack.close();
});

afterEach(() => {
  for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini']) stack.sim.setModelBehaviour(model, undefined);
});

async function post(body: unknown, init: { raw?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Headers; json: { error: { message: string; type: string; param: string | null; code: string } } }> {
  const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as { error: { message: string; type: string; param: string | null; code: string } } };
}

describe('client errors', () => {
  it('400 for a body that is not JSON', async () => {
    const result = await post(undefined, { raw: '{"model": "smart", "messages": [' });
    expect(result.status).toBe(400);
    expect(result.json.error.code).toBe('invalid_json');
    expect(result.json.error.type).toBe('invalid_request_error');
    expect(result.headers.get('x-should-retry')).toBe('false');
  });

  it('400 naming a missing field', async () => {
    const result = await post({ model: 'smart' });
    expect(result.status).toBe(400);
    expect(result.json.error.param).toBe('messages');
    expect(result.json.error.message).toMatch(/messages/);
  });

  it('400 naming a field of the wrong type', async () => {
    const result = await post({ model: 'smart', messages: [{ role: 'user', content: 'x' }], max_tokens: 'ten' });
    expect(result.status).toBe(400);
    expect(result.json.error.param).toBe('max_tokens');
  });

  it('404 for an unknown model, listing what exists', async () => {
    const result = await post({ model: 'gpt-9-ultra', messages: [{ role: 'user', content: 'x' }] });
    expect(result.status).toBe(404);
    expect(result.json.error.code).toBe('model_not_found');
    expect(result.json.error.message).toMatch(/smart/);
  });

  it('404 for an unknown endpoint', async () => {
    const response = await fetch(`${stack.gateway.url}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('400 with the provider message when the provider rejects a parameter, without trying other targets', async () => {
    const result = await post({ model: 'openai/o3', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] });
    expect(result.status).toBe(400);
    expect(result.json.error.code).toBe('upstream_rejected_request');
    expect(result.json.error.message).toMatch(/max_completion_tokens/);
  });
});

describe('failover and final failures', () => {
  it('falls back to the next target when the first answers 500', async () => {
    stack.sim.setModelBehaviour('gpt-4o', { fault: 'server_error' });
    const { response } = await stack.openai.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-tollgate-provider')).toBe('backup');
    expect(response.headers.get('x-tollgate-attempts')).toBe('2');
  });

  it('falls back when a stream fails before its first byte', async () => {
    stack.sim.setModelBehaviour('gpt-4o', { fault: 'overloaded' });
    const stream = await stack.openai.chat.completions.create({ model: 'smart', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
  });

  it('502 listing every attempt when all targets fail, with x-should-retry false so SDKs do not retry on top', async () => {
    stack.sim.setModelBehaviour('gpt-4o', { fault: 'server_error' });
    stack.sim.setModelBehaviour('gpt-4o-mini', { fault: 'server_error' });
    const before = stack.sim.stats().requests;
    const client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: 'x', maxRetries: 2 });
    const error = await client.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'hi' }] }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(502);
    expect(apiError.message).toMatch(/openai\/gpt-4o: 500/);
    expect(apiError.message).toMatch(/backup\/gpt-4o-mini: 500/);
    expect(apiError.headers?.get('x-should-retry')).toBe('false');
    expect(stack.sim.stats().requests - before).toBe(2);
  });

  it('429 with the soonest Retry-After when every target is rate limited', async () => {
    stack.sim.setModelBehaviour('gpt-4o', { fault: 'rate_limit', retryAfterSeconds: 30 });
    stack.sim.setModelBehaviour('gpt-4o-mini', { fault: 'rate_limit', retryAfterSeconds: 7 });
    const result = await post({ model: 'smart', messages: [{ role: 'user', content: 'x' }] });
    expect(result.status).toBe(429);
    expect(result.json.error.code).toBe('upstream_rate_limited');
    expect(result.headers.get('retry-after')).toBe('7');
  });

  it('504 when every target misses the first-token deadline, and the upstream calls are aborted', async () => {
    stack.sim.setModelBehaviour('gpt-4.1', { fault: 'hang' });
    stack.sim.setModelBehaviour('gpt-4.1-mini', { fault: 'hang' });
    const abortedBefore = stack.sim.stats().aborted;
    const started = Date.now();
    const result = await post({ model: 'quick', messages: [{ role: 'user', content: 'x' }] });
    expect(result.status).toBe(504);
    expect(result.json.error.code).toBe('upstream_timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    await expect.poll(() => stack.sim.stats().aborted - abortedBefore).toBe(2);
  });

  it('502 naming the provider when it rejects our credentials (never a 401 to the client)', async () => {
    const result = await post({ model: 'revoked/gpt-4.1', messages: [{ role: 'user', content: 'x' }] });
    expect(result.status).toBe(502);
    expect(result.json.error.code).toBe('upstream_auth_failed');
    expect(result.json.error.message).toMatch(/revoked/);
  });
});

describe('body limit and draining', () => {
  it('413 for a body over server.bodyLimitMb', async () => {
    const small = await startStack({ config: () => ({ server: { port: 0, bodyLimitMb: 0.01 } }) });
    try {
      const response = await fetch(`${small.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'smart', messages: [{ role: 'user', content: 'x'.repeat(20_000) }] }),
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    } finally {
      await small.close();
    }
  });

  it('503 and /readyz false while draining', async () => {
    const draining = await startStack();
    try {
      draining.gateway.context.lifecycle.draining = true;
      const ready = await fetch(`${draining.gateway.url}/readyz`);
      expect(ready.status).toBe(503);
      expect((await fetch(`${draining.gateway.url}/healthz`)).status).toBe(200);
      const response = await fetch(`${draining.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'smart', messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('shutting_down');
      draining.gateway.context.lifecycle.draining = false;
    } finally {
      await draining.close();
    }
  });
});
