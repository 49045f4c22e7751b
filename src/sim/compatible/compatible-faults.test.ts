import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimFault } from '../index.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

interface FlavourCase {
  name: string;
  base: string;
  model: string;
  statuses: Record<string, number>;
  /** Where the message is in this provider's error body. */
  messageOf: (body: Record<string, unknown>) => unknown;
}

const openAIShaped = (body: Record<string, unknown>): unknown => (body.error as { message?: unknown } | undefined)?.message;

const FLAVOURS: FlavourCase[] = [
  { name: 'deepseek', base: '/deepseek', model: 'deepseek-chat', statuses: { rate_limit: 429, server_error: 500, overloaded: 503, auth: 401, context_length: 400, bad_request: 400 }, messageOf: openAIShaped },
  {
    name: 'mistral',
    base: '/mistral/v1',
    model: 'mistral-small-latest',
    // Mistral reports a saturated model as a 429 of its own type.
    statuses: { rate_limit: 429, server_error: 500, overloaded: 429, auth: 401, context_length: 400, bad_request: 400 },
    messageOf: (body) => body.message,
  },
  { name: 'xai', base: '/xai/v1', model: 'grok-3', statuses: { rate_limit: 429, server_error: 500, overloaded: 503, auth: 403, context_length: 400, bad_request: 400 }, messageOf: (body) => body.error },
  { name: 'groq', base: '/groq/openai/v1', model: 'llama-3.1-8b-instant', statuses: { rate_limit: 429, server_error: 500, overloaded: 503, auth: 401, context_length: 400, bad_request: 400 }, messageOf: openAIShaped },
];

function post(flavour: FlavourCase, headers: Record<string, string>, body: Record<string, unknown> = {}, url = sim.url, signal?: AbortSignal): Promise<Response> {
  return fetch(`${url}${flavour.base}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer fault-key', ...headers },
    body: JSON.stringify({ model: flavour.model, messages: [{ role: 'user', content: 'fault please' }], ...body }),
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

describe.each(FLAVOURS)('$name faults', (flavour) => {
  it.each(['rate_limit', 'server_error', 'overloaded', 'auth', 'context_length', 'bad_request'] as SimFault[])('%s answers in the provider’s status and shape', async (fault) => {
    const response = await post(flavour, { 'x-sim-fault': fault, 'x-sim-retry-after': '2' });
    expect(response.status).toBe(flavour.statuses[fault]);
    const body = (await response.json()) as Record<string, unknown>;
    expect(typeof flavour.messageOf(body)).toBe('string');
  });

  it('surfaces through the openai client as its error classes', async () => {
    const client = new OpenAI({ baseURL: `${sim.url}${flavour.base}`, apiKey: 'k', maxRetries: 0 });
    await expect(client.chat.completions.create({ model: flavour.model, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-sim-fault': 'rate_limit' } })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(client.chat.completions.create({ model: flavour.model, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-sim-fault': 'server_error' } })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
  });

  it('content_filter finishes with content_filter, sync and streamed', async () => {
    const sync = (await (await post(flavour, { 'x-sim-fault': 'content_filter' })).json()) as { choices: Array<{ finish_reason: string }> };
    expect(sync.choices[0]?.finish_reason).toBe('content_filter');
    expect(await (await post(flavour, { 'x-sim-fault': 'content_filter' }, { stream: true })).text()).toContain('"finish_reason":"content_filter"');
  });

  it('cut stops a stream without [DONE]; malformed sends a data line that is not JSON', async () => {
    const cut = await post(flavour, { 'x-sim-fault': 'cut', 'x-sim-output-tokens': '40' }, { stream: true });
    await expect(cut.text()).rejects.toThrow();
    const malformed = await (await post(flavour, { 'x-sim-fault': 'malformed' }, { stream: true })).text();
    const broken = malformed.split('\n\n').filter((event) => event.startsWith('data: {')).filter((event) => {
      try {
        JSON.parse(event.slice(6));
        return false;
      } catch {
        return true;
      }
    });
    expect(broken).toHaveLength(1);
  });

  it('a hang and a mid-stream disconnect each count as aborted for the model', async () => {
    const own = await startSimulator({ latency: { tokensPerSecond: 20 } });
    try {
      await expect(post(flavour, { 'x-sim-fault': 'hang' }, {}, own.url, AbortSignal.timeout(150))).rejects.toThrow();
      await waitFor(() => own.stats().aborted === 1);
      const controller = new AbortController();
      const response = await post(flavour, { 'x-sim-output-tokens': '300' }, { stream: true }, own.url, controller.signal);
      await response.body?.getReader().read();
      controller.abort();
      await waitFor(() => own.stats().aborted === 2);
      expect(own.stats().byModel[flavour.model]).toEqual({ requests: 2, completed: 0, aborted: 2 });
    } finally {
      await own.close();
    }
  });
});
