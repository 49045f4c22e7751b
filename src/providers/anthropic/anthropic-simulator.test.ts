/**
 * The Anthropic adapter's prepared requests, same-dialect and translated, sent with fetch to the
 * provider simulator's Messages endpoint: the answers parse, usage comes out right, and a
 * cache_control breakpoint sent twice is written once and then read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest, StreamDelta } from '../../core/chat.js';
import { checkUsage } from '../../core/usage.js';
// eslint-disable-next-line no-restricted-imports -- test only: the simulator plays the provider on the other end of the wire
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import type { ChatCallContext, JsonObject, PreparedRequest } from '../adapter.js';
import { SseSplitter, type SseEvent } from '../http/sse-splitter.js';
import { anthropicAdapter } from './anthropic-adapter.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({});
});

afterAll(async () => {
  await sim.close();
});

function context(overrides: Partial<ChatCallContext> = {}): ChatCallContext {
  return {
    account: { id: 'claude', type: 'anthropic', baseUrl: `${sim.url}/anthropic`, apiKey: 'sk-ant-sim', headers: {} },
    model: 'claude-sonnet-4-5',
    stream: false,
    tier: 'standard',
    ...overrides,
  };
}

async function send(prepared: PreparedRequest): Promise<Response> {
  return fetch(prepared.url, { method: 'POST', headers: prepared.headers, body: prepared.body });
}

async function sendJson(prepared: PreparedRequest): Promise<unknown> {
  const response = await send(prepared);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text);
}

async function sendStream(prepared: PreparedRequest): Promise<SseEvent[]> {
  const response = await send(prepared);
  expect(response.status).toBe(200);
  return new SseSplitter().push(await response.text());
}

/** Long enough to pass Claude Sonnet 4.5's 1024-token minimum for a cache breakpoint. */
const LONG_SYSTEM = 'Tollgate prices every token it relays, and this sentence pads the cached prefix. '.repeat(120);

function chatRequest(patch: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'smart', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }], ...patch };
}

describe('Anthropic adapter against the simulator', () => {
  it('same-dialect sync: the relayed body answers with a message whose usage the adapter reads', async () => {
    const body: JsonObject = { model: 'smart', max_tokens: 200, messages: [{ role: 'user', content: 'Say hello.' }], metadata: { user_id: 'u-1', feature: 'greeting' } };
    const answer = await sendJson(anthropicAdapter.chat.prepare(body, context()));
    const usage = anthropicAdapter.chat.usageFromBody(answer);
    const wireUsage = (answer as { usage: { input_tokens: number; output_tokens: number } }).usage;
    expect(usage?.input.noCache).toBe(wireUsage.input_tokens);
    expect(usage?.output.total).toBe(wireUsage.output_tokens);
    expect(usage && checkUsage(usage)).toEqual([]);
    expect(anthropicAdapter.chat.modelFromBody(answer)).toBe('claude-sonnet-4-5-20250929');
  });

  it('same-dialect stream: the tracker and the translated parser agree on usage, which matches the final message_delta', async () => {
    const body: JsonObject = { model: 'smart', max_tokens: 200, stream: true, messages: [{ role: 'user', content: 'Say hello.' }] };
    const events = await sendStream(anthropicAdapter.chat.prepare(body, context({ stream: true })));
    const tracker = anthropicAdapter.chat.trackStream();
    const observations = events.map((event) => tracker.observe(event));
    expect(observations.at(-1)?.isTerminal).toBe(true);
    const final = events.find((event) => event.event === 'message_delta');
    const finalUsage = (JSON.parse(final?.data ?? '{}') as { usage: { output_tokens: number } }).usage;
    expect(tracker.usage()?.output.total).toBe(finalUsage.output_tokens);
    const parser = anthropicAdapter.translated.streamParser();
    for (const event of events) parser.push(event);
    expect(parser.usage()).toEqual(tracker.usage());
    expect(parser.isComplete()).toBe(true);
  });

  it('translated sync: a cache_control breakpoint sent twice is written, then read', async () => {
    const cached = chatRequest({
      messages: [
        { role: 'system', content: [{ type: 'text', text: LONG_SYSTEM, cacheControl: { type: 'ephemeral' } }] },
        { role: 'user', content: [{ type: 'text', text: 'Say hello.' }] },
      ],
      maxOutputTokens: 100,
    });
    const first = anthropicAdapter.translated.parseResponse(await sendJson(anthropicAdapter.translated.prepare(cached, context())));
    const second = anthropicAdapter.translated.parseResponse(await sendJson(anthropicAdapter.translated.prepare(cached, context())));
    expect(first.usage?.input.cacheWrite5m).toBeGreaterThan(1024);
    expect(first.usage?.input.cacheRead).toBe(0);
    expect(second.usage?.input.cacheRead).toBe(first.usage?.input.cacheWrite5m);
    expect(second.usage?.input.cacheWrite5m).toBe(0);
    expect(second.usage?.input.total).toBe(first.usage?.input.total);
    expect(first.choices[0]?.text.length).toBeGreaterThan(0);
  });

  it('same-dialect: a 1-hour cache_control placement reaches the simulator untouched and is billed as a 1h write', async () => {
    const body: JsonObject = {
      model: 'smart',
      max_tokens: 50,
      system: [{ type: 'text', text: `${LONG_SYSTEM} (hour)`, cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [{ role: 'user', content: 'Hi.' }],
    };
    const first = anthropicAdapter.chat.usageFromBody(await sendJson(anthropicAdapter.chat.prepare(body, context())));
    const second = anthropicAdapter.chat.usageFromBody(await sendJson(anthropicAdapter.chat.prepare(body, context())));
    expect(first?.input.cacheWrite1h).toBeGreaterThan(1024);
    expect(second?.input.cacheRead).toBe(first?.input.cacheWrite1h);
  });

  it('translated: a forced tool call comes back as a tool call with JSON arguments', async () => {
    const request = chatRequest({
      tools: [{ name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
      toolChoice: { name: 'get_weather' },
      maxOutputTokens: 300,
    });
    const response = anthropicAdapter.translated.parseResponse(await sendJson(anthropicAdapter.translated.prepare(request, context())));
    const call = response.choices[0]?.toolCalls[0];
    expect(call?.name).toBe('get_weather');
    expect(typeof (JSON.parse(call?.arguments ?? 'null') as { city: unknown }).city).toBe('string');
    expect(response.choices[0]?.finishReason).toBe('tool_calls');
  });

  it('translated stream with thinking: reasoning with its signature, text, finish and usage', async () => {
    const request = chatRequest({ reasoningEffort: 'low', maxOutputTokens: 4000, stream: true });
    const events = await sendStream(anthropicAdapter.translated.prepare(request, context({ stream: true })));
    const parser = anthropicAdapter.translated.streamParser();
    const deltas: StreamDelta[] = [...events.flatMap((event) => parser.push(event)), ...parser.finish()];
    const reasoning = deltas.filter((delta) => delta.type === 'reasoning-delta');
    expect(reasoning.some((delta) => delta.type === 'reasoning-delta' && delta.text.length > 0)).toBe(true);
    expect(reasoning.at(-1)).toMatchObject({ text: '', signature: expect.any(String) as unknown });
    expect(deltas.some((delta) => delta.type === 'text-delta')).toBe(true);
    expect(deltas.find((delta) => delta.type === 'finish')).toMatchObject({ reason: 'stop' });
    expect(parser.usage()?.output.total).toBeGreaterThan(0);
  });

  it('translated: a strict JSON schema on Sonnet 4.5 goes as output_config.format and comes back as JSON text', async () => {
    const schema = { type: 'object', properties: { greeting: { type: 'string' } }, required: ['greeting'], additionalProperties: false };
    const request = chatRequest({ responseFormat: { type: 'json_schema', name: 'greeting', schema, strict: true }, maxOutputTokens: 300 });
    const prepared = anthropicAdapter.translated.prepare(request, context());
    expect((JSON.parse(prepared.body) as JsonObject).output_config).toBeDefined();
    const response = anthropicAdapter.translated.parseResponse(await sendJson(prepared));
    expect(typeof (JSON.parse(response.choices[0]?.text ?? 'null') as { greeting: unknown }).greeting).toBe('string');
  });

  it('translated: on an older model the same format is answered through the forced tool, read back as JSON text', async () => {
    const schema = { type: 'object', properties: { greeting: { type: 'string' } }, required: ['greeting'] };
    const request = chatRequest({ responseFormat: { type: 'json_schema', name: 'greeting', schema, strict: true }, maxOutputTokens: 300 });
    const response = anthropicAdapter.translated.parseResponse(await sendJson(anthropicAdapter.translated.prepare(request, context({ model: 'claude-sonnet-4-20250514' }))));
    expect(typeof (JSON.parse(response.choices[0]?.text ?? 'null') as { greeting: unknown }).greeting).toBe('string');
    expect(response.choices[0]?.toolCalls).toEqual([]);
    expect(response.choices[0]?.finishReason).toBe('stop');
  });

  it('classifies the simulator\'s overloaded and rate-limit answers', async () => {
    sim.setModelBehaviour('claude-haiku-4-5', { fault: 'overloaded', faultCount: 1 });
    const overloaded = await send(anthropicAdapter.translated.prepare(chatRequest(), context({ model: 'claude-haiku-4-5' })));
    const overloadedFailure = anthropicAdapter.classifyError(overloaded.status, Object.fromEntries(overloaded.headers), await overloaded.text(), Date.now());
    expect(overloadedFailure.errorClass).toBe('overloaded');
    sim.setModelBehaviour('claude-haiku-4-5', { fault: 'rate_limit', faultCount: 1, retryAfterSeconds: 7 });
    const limited = await send(anthropicAdapter.translated.prepare(chatRequest(), context({ model: 'claude-haiku-4-5' })));
    const limitedFailure = anthropicAdapter.classifyError(limited.status, Object.fromEntries(limited.headers), await limited.text(), Date.now());
    expect(limitedFailure).toMatchObject({ errorClass: 'rate_limit', status: 429, retryAfterMs: 7000 });
    sim.setModelBehaviour('claude-haiku-4-5', undefined);
  });
});
