/**
 * Server behaviour around the requests themselves: SSE keep-alives during long pauses, draining
 * on shutdown (in-flight requests finish, new ones get 503), CORS, and the refusal to serve
 * open auth on a public interface.
 */
import { describe, expect, it } from 'vitest';
import { startGateway } from '../src/server/start-gateway.js';
import { startStack } from './helpers/start-stack.js';

describe('SSE keep-alive', () => {
  it('sends comment keep-alives while the first token is slow, then the answer', async () => {
    const stack = await startStack({ config: () => ({ server: { port: 0, sseKeepAliveMs: 150 } }) });
    try {
      stack.sim.setModelBehaviour('gpt-4o-mini', { ttftMs: 700 });
      const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'x' }] }),
      });
      const text = await response.text();
      const firstData = text.indexOf('data: ');
      expect(text.slice(0, firstData)).toMatch(/: keep-alive\n\n/);
      expect(text).toMatch(/data: \[DONE\]\n\n$/);
    } finally {
      await stack.close();
    }
  });
});

describe('draining', () => {
  it('lets an in-flight stream finish, refuses new requests with 503, then closes', async () => {
    const stack = await startStack();
    stack.sim.setModelBehaviour('gpt-4o', { tokensPerSecond: 40, outputTokens: 40 });
    const inFlight = fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o', stream: true, messages: [{ role: 'user', content: 'long answer please' }] }),
    }).then((response) => response.text());
    await expect.poll(() => stack.gateway.context.lifecycle.inFlight).toBe(1);
    const closing = stack.gateway.close();
    expect(stack.gateway.context.lifecycle.draining).toBe(true);
    const refused = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('x-should-retry')).toBeNull();
    const text = await inFlight;
    expect(text).toMatch(/data: \[DONE\]\n\n$/);
    await closing;
    await stack.sim.close();
  });
});

describe('CORS and exposure', () => {
  it('answers CORS preflights for configured origins and exposes the cost headers', async () => {
    const stack = await startStack({ config: () => ({ server: { port: 0, cors: { origins: ['https://app.example'] } } }) });
    try {
      const preflight = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
      const response = await fetch(`${stack.gateway.url}/v1/models`, { headers: { origin: 'https://app.example' } });
      expect(response.headers.get('access-control-expose-headers')).toMatch(/x-tollgate-cost-usd/);
    } finally {
      await stack.close();
    }
  });

  it('refuses auth.mode open on a non-loopback host', async () => {
    await expect(startGateway({ env: {}, config: { server: { host: '0.0.0.0', port: 0 } } })).rejects.toThrow(/refusing to serve auth.mode open on 0\.0\.0\.0/);
  });
});
