/**
 * A client that goes away aborts the upstream call (the simulator sees the abort) and the
 * request is recorded as cancelled, billed for what was produced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequest } from '../src/store/ledger-queries.js';
import { startStack, type Stack } from './helpers/start-stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack.close();
});

describe('client disconnect', () => {
  it('aborts the upstream stream and records a cancelled, estimated request', async () => {
    stack.sim.setModelBehaviour('gpt-4o', { tokensPerSecond: 20, outputTokens: 400 });
    const abortedBefore = stack.sim.stats().aborted;
    const controller = new AbortController();
    const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o', stream: true, messages: [{ role: 'user', content: 'Tell me a long story.' }] }),
      signal: controller.signal,
    });
    const requestId = response.headers.get('x-tollgate-request-id') ?? '';
    const reader = response.body?.getReader();
    await reader?.read();
    await reader?.read();
    controller.abort();
    await expect.poll(() => stack.sim.stats().aborted - abortedBefore, { timeout: 5000 }).toBe(1);
    await expect
      .poll(async () => {
        await stack.gateway.context.ledger.flush();
        return (await getRequest(stack.gateway.store, requestId))?.status;
      })
      .toBe('cancelled');
    const record = await getRequest(stack.gateway.store, requestId);
    expect(record?.cost.status).toBe('estimated');
    expect(record?.cost.totalPico).toBeGreaterThan(0n);
    expect(record?.tokens.output).toBeGreaterThan(0);
    stack.sim.setModelBehaviour('gpt-4o', undefined);
  });

  it('aborts the upstream call when a client waiting for a sync answer goes away', async () => {
    stack.sim.setModelBehaviour('gpt-4o-mini', { ttftMs: 3000 });
    const abortedBefore = stack.sim.stats().aborted;
    const controller = new AbortController();
    const pending = fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      signal: controller.signal,
    }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    await pending;
    await expect.poll(() => stack.sim.stats().aborted - abortedBefore, { timeout: 5000 }).toBe(1);
    stack.sim.setModelBehaviour('gpt-4o-mini', undefined);
  });
});
