import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimFault } from '../index.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

function postMessages(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sim.url}/anthropic/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': 'sk-ant-faults', 'anthropic-version': '2023-06-01', 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 200, messages: [{ role: 'user', content: 'fault please' }], ...body }),
  });
}

describe('error faults, in Anthropic shape', () => {
  it.each([
    ['rate_limit', 429, 'rate_limit_error'],
    ['server_error', 500, 'api_error'],
    ['overloaded', 529, 'overloaded_error'],
    ['auth', 401, 'authentication_error'],
    ['context_length', 400, 'invalid_request_error'],
    ['bad_request', 400, 'invalid_request_error'],
  ] as Array<[SimFault, number, string]>)('%s → %i %s', async (fault, status, type) => {
    const response = await postMessages({}, { 'x-sim-fault': fault, 'x-sim-retry-after': '4' });
    expect(response.status).toBe(status);
    expect(response.headers.get('request-id')).toMatch(/^req_011C/);
    const body = (await response.json()) as { type: string; error: { type: string; message: string }; request_id: string };
    expect(body).toMatchObject({ type: 'error', error: { type } });
    expect(body.request_id).toBe(response.headers.get('request-id'));
    if (fault === 'rate_limit') {
      expect(response.headers.get('retry-after')).toBe('4');
      expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
      expect(Date.parse(response.headers.get('anthropic-ratelimit-requests-reset') ?? '')).toBeGreaterThan(Date.now());
    }
    if (fault === 'context_length') expect(body.error.message).toMatch(/^prompt is too long: \d+ tokens > 200000 maximum$/);
  });

  it('surfaces as the SDK error classes, overloaded as 529', async () => {
    const client = new Anthropic({ baseURL: `${sim.url}/anthropic`, apiKey: 'sk-ant', maxRetries: 0 });
    const ask = (fault: SimFault) => client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-sim-fault': fault } });
    await expect(ask('overloaded')).rejects.toMatchObject({ status: 529 });
    await expect(ask('rate_limit')).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    await expect(ask('auth')).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('follows a model behaviour and its faultCount', async () => {
    sim.setModelBehaviour('claude-sonnet-4-5', { fault: 'overloaded', faultCount: 1 });
    expect((await postMessages({ model: 'claude-sonnet-4-5' })).status).toBe(529);
    expect((await postMessages({ model: 'claude-sonnet-4-5' })).status).toBe(200);
  });
});

describe('body faults and hangs', () => {
  it('cut: the stream stops without message_stop', async () => {
    const client = new Anthropic({ baseURL: `${sim.url}/anthropic`, apiKey: 'sk-ant', maxRetries: 0 });
    const stream = client.messages.stream(
      { model: 'claude-sonnet-4-5', max_tokens: 300, messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-sim-fault': 'cut', 'x-sim-output-tokens': '60' } },
    );
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    await expect(stream.finalMessage()).rejects.toThrow();
    expect(types).toContain('message_start');
    expect(types).not.toContain('message_stop');
  });

  it('malformed: 200 with a data line that is not JSON', async () => {
    const response = await postMessages({ stream: true }, { 'x-sim-fault': 'malformed' });
    expect(response.status).toBe(200);
    const dataLines = (await response.text()).split('\n').filter((line) => line.startsWith('data: '));
    const unparsable = dataLines.filter((line) => {
      try {
        JSON.parse(line.slice(6));
        return false;
      } catch {
        return true;
      }
    });
    expect(unparsable).toHaveLength(1);
  });

  it('malformed sync and cut sync bodies', async () => {
    const malformed = await postMessages({}, { 'x-sim-fault': 'malformed' });
    await expect(malformed.json()).rejects.toThrow();
    await expect(postMessages({}, { 'x-sim-fault': 'cut' }).then((response) => response.text())).rejects.toThrow();
  });

  it('hang: the SDK times out and the request counts as aborted', async () => {
    const own = await startSimulator();
    try {
      const client = new Anthropic({ baseURL: `${own.url}/anthropic`, apiKey: 'sk-ant', maxRetries: 0, timeout: 200 });
      await expect(client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-sim-fault': 'hang' } })).rejects.toBeInstanceOf(
        Anthropic.APIConnectionTimeoutError,
      );
      const deadline = Date.now() + 2000;
      while (own.stats().inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(own.stats()).toMatchObject({ requests: 1, aborted: 1, inFlight: 0 });
    } finally {
      await own.close();
    }
  });
});
