/**
 * Routing under faults, through the gateway against the simulator's fault injection: cooldowns
 * from Retry-After, circuit breakers opening and recovering, latency failover, concurrency limits
 * under a burst, mid-stream failures, cost-aware and conditional routes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getRequest } from '../src/store/ledger-queries.js';
import { startStack, type Stack } from './helpers/start-stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    config: (simUrl) => ({
      providers: {
        primary: { type: 'openai', apiKey: 'sk-test', baseUrl: `${simUrl}/v1` },
        backup: { type: 'openai', apiKey: 'sk-test', baseUrl: `${simUrl}/openai/v1` },
        limited: { type: 'openai', apiKey: 'sk-test', baseUrl: `${simUrl}/v1`, maxConcurrent: 2 },
      },
      routing: { breaker: { consecutiveFailures: 2, openMs: 400 }, concurrencyMaxWaitMs: 5000 },
      pricing: {
        overrides: {
          'primary/tg-cheap-input': { input_mtok: '0.10', output_mtok: '10' },
          'primary/tg-cheap-output': { input_mtok: '10', output_mtok: '0.10' },
        },
      },
      routes: {
        cooled: { targets: ['primary/gpt-4o', 'backup/gpt-4o-mini'] },
        breaking: { targets: ['primary/gpt-4.1', 'backup/gpt-4.1-mini'] },
        slow: { targets: ['primary/o4-mini', 'backup/gpt-4.1-nano'], timeouts: { firstTokenMs: 300 } },
        burst: { targets: ['limited/gpt-5-mini'] },
        cheap: { strategy: 'cheapest', targets: ['primary/tg-cheap-output', 'primary/tg-cheap-input'] },
        premium: { targets: ['backup/gpt-4o'] },
        economy: { targets: ['backup/gpt-4o-mini'] },
        by_feature: { strategy: 'conditional', rules: [{ when: { feature: 'bulk' }, use: 'economy' }], default: 'premium' },
      },
    }),
  });
  stack.sim.setModelBehaviour('tg-cheap-input', {});
  stack.sim.setModelBehaviour('tg-cheap-output', {});
});

afterAll(async () => {
  await stack.close();
});

afterEach(() => {
  for (const model of ['gpt-4o', 'gpt-4.1', 'o4-mini', 'gpt-5-mini']) stack.sim.setModelBehaviour(model, undefined);
});

async function chat(model: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${stack.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }], ...extra }),
  });
}

function modelRequests(model: string): number {
  return stack.sim.stats().byModel[model]?.requests ?? 0;
}

describe('cooldowns', () => {
  it('a 429 with Retry-After puts the target in cooldown: later requests skip it without calling it', async () => {
    stack.sim.setModelBehaviour('gpt-4o', { fault: 'rate_limit', retryAfterSeconds: 30 });
    const first = await chat('cooled');
    expect(first.headers.get('x-tollgate-provider')).toBe('backup');
    const calls = modelRequests('gpt-4o');
    const second = await chat('cooled');
    expect(second.status).toBe(200);
    expect(second.headers.get('x-tollgate-provider')).toBe('backup');
    expect(modelRequests('gpt-4o')).toBe(calls);
    // Going straight to the cooling target answers 429 with the time left, without a call.
    const direct = await chat('primary/gpt-4o');
    expect(direct.status).toBe(429);
    expect(Number(direct.headers.get('retry-after'))).toBeGreaterThan(20);
    expect(modelRequests('gpt-4o')).toBe(calls);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, skips the target, then probes and closes when it recovers', async () => {
    stack.sim.setModelBehaviour('gpt-4.1', { fault: 'server_error' });
    await chat('breaking');
    await chat('breaking');
    const callsWhenOpen = modelRequests('gpt-4.1');
    const skipped = await chat('breaking');
    expect(skipped.headers.get('x-tollgate-provider')).toBe('backup');
    expect(modelRequests('gpt-4.1')).toBe(callsWhenOpen);
    const health = (await (await fetch(`${stack.gateway.url}/admin/health`)).json()) as { targets: Array<{ ref: string; health: { breaker: string } | null }> };
    expect(JSON.stringify(health.targets.find((target) => target.ref === 'primary/gpt-4.1'))).toMatch(/open/);
    stack.sim.setModelBehaviour('gpt-4.1', undefined);
    await new Promise((resolve) => setTimeout(resolve, 450));
    const probe = await chat('breaking');
    expect(probe.headers.get('x-tollgate-provider')).toBe('primary');
    const after = await chat('breaking');
    expect(after.headers.get('x-tollgate-provider')).toBe('primary');
  });
});

describe('latency failover', () => {
  it('abandons a target that misses the first-token deadline, aborts it upstream, and serves from the next', async () => {
    stack.sim.setModelBehaviour('o4-mini', { fault: 'hang' });
    const abortedBefore = stack.sim.stats().aborted;
    const started = Date.now();
    const response = await chat('slow', { stream: true });
    const text = await response.text();
    expect(text).toMatch(/data: \[DONE\]/);
    expect(response.headers.get('x-tollgate-provider')).toBe('backup');
    expect(Date.now() - started).toBeLessThan(2000);
    await expect.poll(() => stack.sim.stats().aborted - abortedBefore).toBe(1);
  });
});

describe('concurrency limit', () => {
  it('never has more than maxConcurrent requests in flight at a provider, even under a burst', async () => {
    stack.sim.setModelBehaviour('gpt-5-mini', { ttftMs: 150 });
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, stack.sim.stats().inFlight);
    }, 5);
    const statuses = await Promise.all(Array.from({ length: 10 }, () => chat('burst').then((response) => response.status)));
    clearInterval(sampler);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(2);
  });
});

describe('mid-stream failure', () => {
  it('ends the client stream with an error event and records the partial cost as estimated', async () => {
    stack.sim.setModelBehaviour('gpt-4o', { fault: 'cut', outputTokens: 200 });
    const response = await chat('premium', { stream: true });
    const requestId = response.headers.get('x-tollgate-request-id') ?? '';
    const text = await response.text();
    expect(text).toMatch(/data: \{"error":\{"message":"[^"]*incomplete/);
    expect(text).not.toMatch(/data: \[DONE\]/);
    await expect
      .poll(async () => {
        await stack.gateway.context.ledger.flush();
        return (await getRequest(stack.gateway.store, requestId))?.status;
      })
      .toBe('error');
    const record = await getRequest(stack.gateway.store, requestId);
    expect(record?.cost.status).toBe('estimated');
    expect(record?.cost.totalPico).toBeGreaterThan(0n);
  });
});

describe('cost-aware and conditional routes', () => {
  it('cheapest picks the cheap-input model for a long prompt and the cheap-output model for a long answer', async () => {
    const longPrompt = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'cheap', max_tokens: 10, messages: [{ role: 'user', content: 'word '.repeat(3000) }] }),
    });
    expect(longPrompt.headers.get('x-tollgate-model')).toMatch(/tg-cheap-input/);
    // A feature with no history is expected to use its whole max_tokens.
    const longAnswer = await chat('cheap', { max_tokens: 4000 }, { 'x-tollgate-feature': 'essays' });
    expect(longAnswer.headers.get('x-tollgate-model')).toMatch(/tg-cheap-output/);
  });

  it('conditional rules route by feature, with the default for everything else', async () => {
    const bulk = await chat('by_feature', {}, { 'x-tollgate-feature': 'bulk' });
    expect(bulk.headers.get('x-tollgate-route')).toBe('economy');
    expect(bulk.headers.get('x-tollgate-model')).toMatch(/gpt-4o-mini/);
    const other = await chat('by_feature', {}, { 'x-tollgate-feature': 'chat' });
    expect(other.headers.get('x-tollgate-route')).toBe('premium');
  });
});
