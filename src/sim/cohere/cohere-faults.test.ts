import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimFault } from '../index.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

function chat(headers: Record<string, string> = {}, body: Record<string, unknown> = {}, url = sim.url, signal?: AbortSignal): Promise<Response> {
  return fetch(`${url}/cohere/v2/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer co-faults', ...headers },
    body: JSON.stringify({ model: 'command-r-08-2024', messages: [{ role: 'user', content: 'fault please' }], ...body }),
    ...(signal === undefined ? {} : { signal }),
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Cohere faults', () => {
  it.each([
    ['rate_limit', 429, 'Trial key'],
    ['overloaded', 503, 'overloaded'],
    ['server_error', 500, 'internal server error'],
    ['auth', 401, 'invalid api token'],
    ['context_length', 400, 'too many tokens'],
    ['bad_request', 400, 'invalid request'],
  ] as Array<[SimFault, number, string]>)('%s → %i in the {id, message} shape', async (fault, status, wording) => {
    const response = await chat({ 'x-sim-fault': fault });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { id: string; message: string };
    expect(Object.keys(body).sort()).toEqual(['id', 'message']);
    expect(body.message).toContain(wording);
  });

  it('content_filter ends the answer early with finish_reason ERROR, sync and streamed', async () => {
    const sync = (await (await chat({ 'x-sim-fault': 'content_filter' })).json()) as { finish_reason: string };
    expect(sync.finish_reason).toBe('ERROR');
    const stream = await (await chat({ 'x-sim-fault': 'content_filter' }, { stream: true })).text();
    expect(stream).toContain('"finish_reason":"ERROR"');
  });

  it('cut and malformed streams', async () => {
    const cut = await chat({ 'x-sim-fault': 'cut', 'x-sim-output-tokens': '40' }, { stream: true });
    await expect(cut.text()).rejects.toThrow();
    const malformed = await (await chat({ 'x-sim-fault': 'malformed' }, { stream: true })).text();
    const unparsable = malformed.split('\n').filter((line) => line.startsWith('data: ')).filter((line) => {
      try {
        JSON.parse(line.slice(6));
        return false;
      } catch {
        return true;
      }
    });
    expect(unparsable).toHaveLength(1);
    const sync = await chat({ 'x-sim-fault': 'malformed' });
    await expect(sync.json()).rejects.toThrow();
  });

  it('a model behaviour injects faults over HTTP too, and a disconnect mid-stream counts as aborted', async () => {
    await fetch(`${sim.url}/_sim/models/command-r7b-12-2024`, { method: 'POST', body: JSON.stringify({ fault: 'overloaded', faultCount: 1 }) });
    expect((await chat({}, { model: 'command-r7b-12-2024' })).status).toBe(503);
    expect((await chat({}, { model: 'command-r7b-12-2024' })).status).toBe(200);

    const own = await startSimulator({ latency: { tokensPerSecond: 20 } });
    try {
      const controller = new AbortController();
      const response = await chat({ 'x-sim-output-tokens': '300' }, { stream: true }, own.url, controller.signal);
      await response.body?.getReader().read();
      controller.abort();
      await waitFor(() => own.stats().aborted === 1);
      expect(own.stats().byModel['command-r-08-2024']).toEqual({ requests: 1, completed: 0, aborted: 1 });
      const hung = chat({ 'x-sim-fault': 'hang' }, {}, own.url, AbortSignal.timeout(150));
      await expect(hung).rejects.toThrow();
      await waitFor(() => own.stats().aborted === 2);
    } finally {
      await own.close();
    }
  });
});
