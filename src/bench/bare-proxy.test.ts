import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startSimulator, type RunningSimulator } from '../sim/index.js';
import { startBareProxy, type RunningBareProxy } from './bare-proxy.js';

const chat = (stream: boolean): string => JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: 'Say hello' }] });
const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-test' };

describe('the bare proxy', () => {
  let simulator: RunningSimulator;
  let proxy: RunningBareProxy;
  beforeAll(async () => {
    simulator = await startSimulator({ models: { 'gpt-4o-mini': { outputTokens: 12 } } });
    proxy = await startBareProxy({ upstream: simulator.url, connections: 4 });
  });
  afterAll(async () => {
    await proxy.close();
    await simulator.close();
  });

  it('passes a chat completion through: same status, same body apart from its id, upstream headers kept', async () => {
    const direct = await request(`${simulator.url}/v1/chat/completions`, { method: 'POST', headers, body: chat(false) });
    const directBody = (await direct.body.json()) as { id: string };
    const proxied = await request(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers, body: chat(false) });
    const proxiedBody = (await proxied.body.json()) as { id: string };
    expect(proxied.statusCode).toBe(200);
    expect(proxied.headers['x-request-id']).toMatch(/^req_/);
    expect({ ...proxiedBody, id: 'x', created: 0 }).toEqual({ ...directBody, id: 'x', created: 0 });
  });

  it('passes the simulator’s errors through untouched', async () => {
    const proxied = await request(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers, body: '{"model":' });
    expect(proxied.statusCode).toBe(400);
    expect(await proxied.body.text()).toContain('error');
  });

  it('streams: events arrive as server-sent events and end with [DONE]', async () => {
    const proxied = await request(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers, body: chat(true) });
    expect(proxied.headers['content-type']).toContain('text/event-stream');
    const text = await proxied.body.text();
    expect(text.match(/^data: \{/gm)?.length).toBeGreaterThan(5);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('aborts the upstream call when the client goes away', async () => {
    simulator.setModelBehaviour('gpt-4o-mini', { outputTokens: 200, tokensPerSecond: 20 });
    simulator.resetStats();
    const controller = new AbortController();
    const proxied = await request(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers, body: chat(true), signal: controller.signal });
    for await (const chunk of proxied.body) {
      expect(String(chunk)).toContain('data:');
      break;
    }
    controller.abort();
    const deadline = Date.now() + 5000;
    while (simulator.stats().aborted === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(simulator.stats().aborted).toBe(1);
    simulator.setModelBehaviour('gpt-4o-mini', { outputTokens: 12 });
  });
});
