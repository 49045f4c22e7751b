import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { startSimulator, type RunningSimulator, type SimFault } from '../index.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

function post(action: string, headers: Record<string, string> = {}, url = sim.url, signal?: AbortSignal, model = 'gemini-2.5-flash'): Promise<Response> {
  return fetch(`${url}/gemini/v1beta/models/${model}:${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': 'fault-key', ...headers },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'fault please' }] }] }),
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

describe('error faults in Google’s shape', () => {
  it.each([
    ['rate_limit', 429, 'RESOURCE_EXHAUSTED'],
    ['overloaded', 503, 'UNAVAILABLE'],
    ['server_error', 500, 'INTERNAL'],
    ['auth', 403, 'PERMISSION_DENIED'],
    ['context_length', 400, 'INVALID_ARGUMENT'],
    ['bad_request', 400, 'INVALID_ARGUMENT'],
  ] as Array<[SimFault, number, string]>)('%s → %i %s', async (fault, status, googleStatus) => {
    const response = await post('generateContent', { 'x-sim-fault': fault, 'x-sim-retry-after': '3' });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { code: number; status: string; message: string } };
    expect(body.error).toMatchObject({ code: status, status: googleStatus });
    expect(body.error.message.length).toBeGreaterThan(0);
  });

  it('says when to retry a 429 with a RetryInfo detail, from the behaviour or the header', async () => {
    sim.setModelBehaviour('gemini-2.5-flash', { fault: 'rate_limit', faultCount: 1, retryAfterSeconds: 34.4 });
    const limited = (await (await post('generateContent')).json()) as { error: { details: Array<Record<string, unknown>> } };
    expect(limited.error.details.find((detail) => detail['@type'] === 'type.googleapis.com/google.rpc.RetryInfo')).toEqual({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: '34.4s',
    });
    expect((await post('generateContent')).status).toBe(200);
  });

  it.skipIf(!HAS_CAPTURES)('matches the recorded 429: status, code and the detail types', async () => {
    const recorded = JSON.parse(readCapture('google/google-429-retry-info.json')) as { error: { code: number; status: string; details: Array<Record<string, unknown>> } };
    const simulated = (await (await post('streamGenerateContent?alt=sse', { 'x-sim-fault': 'rate_limit' })).json()) as typeof recorded;
    expect(Object.keys(simulated.error).sort()).toEqual(Object.keys(recorded.error).sort());
    expect(simulated.error.code).toBe(recorded.error.code);
    expect(simulated.error.status).toBe(recorded.error.status);
    const types = (details: Array<Record<string, unknown>>): unknown[] => details.map((detail) => detail['@type']);
    expect(types(simulated.error.details)).toEqual(expect.arrayContaining(types(recorded.error.details)));
    const retry = simulated.error.details.find((detail) => detail['@type'] === 'type.googleapis.com/google.rpc.RetryInfo');
    expect(retry?.retryDelay).toMatch(/^\d+(\.\d+)?s$/);
  });
});

describe('content and body faults', () => {
  it('content_filter: finishReason SAFETY with the blocking rating, half an answer', async () => {
    const full = (await (await post('generateContent', { 'x-sim-output-tokens': '20' })).json()) as { usageMetadata: { candidatesTokenCount: number } };
    const response = await post('generateContent', { 'x-sim-fault': 'content_filter', 'x-sim-output-tokens': '20' });
    const body = (await response.json()) as { candidates: Array<{ finishReason: string; safetyRatings: Array<{ blocked?: boolean }> }>; usageMetadata: { candidatesTokenCount: number } };
    expect(body.candidates[0]?.finishReason).toBe('SAFETY');
    expect(body.candidates[0]?.safetyRatings.some((rating) => rating.blocked === true)).toBe(true);
    expect(body.usageMetadata.candidatesTokenCount).toBeLessThan(full.usageMetadata.candidatesTokenCount);
  });

  it('cut: a sync body shorter than its content-length, and a stream that stops without its final event', async () => {
    await expect(post('generateContent', { 'x-sim-fault': 'cut' }).then((response) => response.text())).rejects.toThrow();
    const stream = await post('streamGenerateContent?alt=sse', { 'x-sim-fault': 'cut', 'x-sim-output-tokens': '60' });
    let received = '';
    await expect(
      (async () => {
        for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) received += Buffer.from(chunk).toString('utf8');
      })(),
    ).rejects.toThrow();
    expect(received).toContain('data: ');
    expect(received).not.toContain('finishReason');
  });

  it('malformed: 200 with a body that is not JSON, and a stream with a broken event', async () => {
    const sync = await post('generateContent', { 'x-sim-fault': 'malformed' });
    expect(sync.status).toBe(200);
    await expect(sync.json()).rejects.toThrow();
    const stream = await (await post('streamGenerateContent?alt=sse', { 'x-sim-fault': 'malformed' })).text();
    const broken = stream.split('\r\n\r\n').filter((event) => event.startsWith('data: ')).filter((event) => {
      try {
        JSON.parse(event.slice(6));
        return false;
      } catch {
        return true;
      }
    });
    expect(broken).toHaveLength(1);
  });
});

describe('hangs and disconnects', () => {
  it('hang: nothing comes back; a client that gives up counts as aborted for the model', async () => {
    const own = await startSimulator({ models: { 'gemini-2.5-flash': { fault: 'hang' } } });
    try {
      await expect(post('generateContent', {}, own.url, AbortSignal.timeout(200))).rejects.toThrow();
      await waitFor(() => own.stats().inFlight === 0);
      expect(own.stats()).toMatchObject({ requests: 1, aborted: 1, byModel: { 'gemini-2.5-flash': { requests: 1, completed: 0, aborted: 1 } } });
    } finally {
      await own.close();
    }
  });

  it('a client that leaves mid-stream is counted as aborted, and one that stays as completed', async () => {
    const own = await startSimulator({ latency: { tokensPerSecond: 20 } });
    try {
      const controller = new AbortController();
      // 2.0 Flash does not think, so the first event comes at once and the rest at 20 tokens a second.
      const response = await post('streamGenerateContent?alt=sse', { 'x-sim-output-tokens': '200' }, own.url, controller.signal, 'gemini-2.0-flash');
      const reader = response.body?.getReader();
      await reader?.read();
      controller.abort();
      await waitFor(() => own.stats().aborted === 1);
      await (await post('generateContent', { 'x-sim-tps': 'Infinity' }, own.url, undefined, 'gemini-2.0-flash')).json();
      await waitFor(() => own.stats().inFlight === 0);
      expect(own.stats().byModel['gemini-2.0-flash']).toEqual({ requests: 2, completed: 1, aborted: 1 });
    } finally {
      await own.close();
    }
  });
});
