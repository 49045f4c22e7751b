import Anthropic from '@anthropic-ai/sdk';
import { Ajv } from 'ajv';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { startSimulator, type RunningSimulator } from '../index.js';

let sim: RunningSimulator;
let anthropic: Anthropic;
const ajv = new Ajv({ strict: false, validateFormats: false });

beforeAll(async () => {
  sim = await startSimulator();
  anthropic = new Anthropic({ baseURL: `${sim.url}/anthropic`, apiKey: 'sk-ant-test', maxRetries: 0 });
});
afterAll(async () => sim.close());

/** The simulator's documented count: system text, then 3 + role + content per message, then 3. */
function expectedInputTokens(system: string, messages: Array<{ role: string; content: string }>): number {
  return encode(system).length + 3 + messages.reduce((sum, message) => sum + 3 + encode(message.role).length + encode(message.content).length, 0);
}

function textOf(message: Anthropic.Message): string {
  return message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
}

const lookupTool: Anthropic.Tool = {
  name: 'lookup_order',
  description: 'Find an order',
  input_schema: {
    type: 'object',
    properties: { order_id: { type: 'string', minLength: 6 }, include: { type: 'array', items: { enum: ['items', 'shipping', 'refunds'] }, maxItems: 2 } },
    required: ['order_id'],
  },
};

describe('messages (sync)', () => {
  it('answers a message with text, stop reason and usage from the tokenizer', async () => {
    const messages = [{ role: 'user' as const, content: 'Tell me about harbors.' }];
    const message = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 500, system: 'Be kind.', messages });
    expect(message.id).toMatch(/^msg_01[1-9A-HJ-NP-Za-km-z]{22}$/);
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', stop_reason: 'end_turn', stop_sequence: null });
    const text = textOf(message);
    expect(message.usage).toMatchObject({
      input_tokens: expectedInputTokens('Be kind.', messages),
      output_tokens: encode(text).length,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      service_tier: 'standard',
    });
  });

  it.skipIf(!HAS_CAPTURES)('has at least the fields of the recorded Anthropic message', async () => {
    const recorded = JSON.parse(readCapture('anthropic/anthropic-text.json')) as Record<string, unknown>;
    const message = (await anthropic.messages.create({ model: 'claude-sonnet-4-5-20250929', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] })) as unknown as Record<string, unknown>;
    expect(Object.keys(message)).toEqual(expect.arrayContaining(Object.keys(recorded)));
    expect(Object.keys(message.usage as object)).toEqual(expect.arrayContaining(Object.keys(recorded.usage as object)));
  });

  it('caps at max_tokens and honours stop_sequences', async () => {
    const body = { model: 'claude-haiku-4-5', max_tokens: 1000, messages: [{ role: 'user' as const, content: 'A long story' }] };
    const full = textOf(await anthropic.messages.create(body));
    const capped = await anthropic.messages.create({ ...body, max_tokens: 6 });
    expect(capped.stop_reason).toBe('max_tokens');
    expect(capped.usage.output_tokens).toBe(6);
    expect(full.startsWith(textOf(capped))).toBe(true);
    const stop = ` ${full.split(' ')[3] ?? ''}`;
    const stopped = await anthropic.messages.create({ ...body, stop_sequences: [stop] });
    expect(stopped).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: stop });
    expect(textOf(stopped)).toBe(full.slice(0, full.indexOf(stop)));
  });

  it('thinks first when asked, with a signature, billing thinking as output', async () => {
    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Think about it' }],
    });
    const [thinking, text] = message.content;
    if (thinking?.type !== 'thinking' || text?.type !== 'text') throw new Error('expected thinking then text');
    expect(thinking.signature.length).toBeGreaterThan(100);
    expect(message.usage.output_tokens).toBe(encode(thinking.thinking).length + encode(text.text).length);
    expect(message.usage.output_tokens_details?.thinking_tokens).toBe(encode(thinking.thinking).length);
  });

  it('answers output_config json_schema with valid JSON text', async () => {
    const schema = { type: 'object', properties: { verdict: { enum: ['yes', 'no'] }, reasons: { type: 'array', items: { type: 'string' }, minItems: 1 } }, required: ['verdict', 'reasons'], additionalProperties: false };
    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 500,
      output_config: { format: { type: 'json_schema', schema } },
      messages: [{ role: 'user', content: 'Decide' }],
    });
    expect(ajv.validate(schema, JSON.parse(textOf(message)))).toBe(true);
  });

  it('accepts Authorization: Bearer and counts tokens on count_tokens', async () => {
    const response = await fetch(`${sim.url}/anthropic/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-ant-test', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'count me' }] }),
    });
    expect(await response.json()).toEqual({ input_tokens: expectedInputTokens('', [{ role: 'user', content: 'count me' }]) });
  });
});

describe('tools', () => {
  it('forced tool use: a tool_use block with schema-valid input and no text', async () => {
    const message = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 500, tools: [lookupTool], tool_choice: { type: 'any' }, messages: [{ role: 'user', content: 'Where is my order?' }] });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toHaveLength(1);
    const use = message.content[0];
    if (use?.type !== 'tool_use') throw new Error('expected tool_use');
    expect(use.id).toMatch(/^toolu_01[1-9A-HJ-NP-Za-km-z]{22}$/);
    expect(use.name).toBe('lookup_order');
    expect(ajv.validate(lookupTool.input_schema, use.input)).toBe(true);
    expect(message.usage.output_tokens).toBe(encode('lookup_order').length + encode(JSON.stringify(use.input)).length);
  });

  it('auto: a short preamble, then the tool the user names; after the result, text', async () => {
    const message = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 500, tools: [lookupTool], messages: [{ role: 'user', content: 'Run lookup_order for 123456' }] });
    expect(message.content.map((block) => block.type)).toEqual(['text', 'tool_use']);
    const use = message.content[1];
    if (use?.type !== 'tool_use') throw new Error('expected tool_use');
    const followUp = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 500,
      tools: [lookupTool],
      messages: [
        { role: 'user', content: 'Run lookup_order for 123456' },
        { role: 'assistant', content: message.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '{"status":"shipped"}' }] },
      ],
    });
    expect(followUp.stop_reason).toBe('end_turn');
    expect(followUp.content.every((block) => block.type === 'text')).toBe(true);
  });

  it('streams tool input as input_json_delta fragments after an empty one', async () => {
    const stream = anthropic.messages.stream({ model: 'claude-opus-4-5', max_tokens: 500, tools: [lookupTool], tool_choice: { type: 'tool', name: 'lookup_order' }, messages: [{ role: 'user', content: 'Look it up' }] });
    const partials: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') partials.push(event.delta.partial_json);
    });
    const message = await stream.finalMessage();
    expect(partials[0]).toBe('');
    const use = message.content.find((block) => block.type === 'tool_use');
    if (use?.type !== 'tool_use') throw new Error('expected tool_use');
    expect(JSON.parse(partials.join(''))).toEqual(use.input);
    expect(ajv.validate(lookupTool.input_schema, use.input)).toBe(true);
  });
});

describe('messages (stream)', () => {
  it('emits the documented event sequence with cumulative usage, and the same text as sync', async () => {
    const body = { model: 'claude-sonnet-4-5', max_tokens: 500, messages: [{ role: 'user' as const, content: 'Stream a reply' }] };
    const sync = await anthropic.messages.create(body);
    const response = await fetch(`${sim.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, stream: true }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('request-id')).toMatch(/^req_011C/);
    const events = (await response.text())
      .split('\n\n')
      .filter((block) => block.length > 0)
      .map((block) => {
        const [eventLine, dataLine] = block.split('\n');
        const data = JSON.parse(dataLine?.replace(/^data: /, '') ?? '{}') as Record<string, unknown> & { type: string };
        expect(eventLine).toBe(`event: ${data.type}`);
        return data;
      });
    const types = events.map((event) => event.type);
    expect(types.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    const start = events[0] as unknown as { message: { usage: Record<string, number> } };
    expect(start.message.usage).toMatchObject({ input_tokens: sync.usage.input_tokens, output_tokens: 1, cache_read_input_tokens: 0 });
    const text = events.flatMap((event) => (event.type === 'content_block_delta' ? [(event.delta as { text: string }).text] : [])).join('');
    expect(text).toBe(textOf(sync));
    const delta = events[events.length - 2] as unknown as { delta: Record<string, unknown>; usage: Record<string, number> };
    expect(delta.delta).toEqual({ stop_reason: 'end_turn', stop_sequence: null });
    expect(delta.usage).toEqual({ input_tokens: sync.usage.input_tokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: encode(text).length });
  });

  it('streams thinking deltas and a signature delta through the SDK', async () => {
    const stream = anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'Ponder' }] });
    const deltaTypes = new Set<string>();
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta') deltaTypes.add(event.delta.type);
    });
    const message = await stream.finalMessage();
    expect([...deltaTypes].sort()).toEqual(['signature_delta', 'text_delta', 'thinking_delta']);
    const thinking = message.content[0];
    expect(thinking?.type === 'thinking' && thinking.signature.length > 100).toBe(true);
  });
});

describe('prompt caching', () => {
  const manual = Array.from({ length: 200 }, (_, index) => `Policy ${index}: refunds within thirty days need a receipt.`).join('\n');

  it('writes at a breakpoint, then reads it, with input_tokens counting only what follows', async () => {
    const client = new Anthropic({ baseURL: `${sim.url}/anthropic`, apiKey: 'sk-ant-cache', maxRetries: 0 });
    const ask = (question: string, ttl?: '1h') =>
      client.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 100,
        system: [{ type: 'text', text: manual, cache_control: { type: 'ephemeral', ...(ttl === undefined ? {} : { ttl }) } }],
        messages: [{ role: 'user', content: question }],
      });
    const prefix = encode(manual).length;
    expect(prefix).toBeGreaterThan(1024);
    const first = await ask('First question?');
    expect(first.usage).toMatchObject({
      cache_creation_input_tokens: prefix,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: prefix, ephemeral_1h_input_tokens: 0 },
      input_tokens: expectedInputTokens('', [{ role: 'user', content: 'First question?' }]),
    });
    const second = await ask('A second, different question?');
    expect(second.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: prefix, input_tokens: expectedInputTokens('', [{ role: 'user', content: 'A second, different question?' }]) });
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 50,
      system: [{ type: 'text', text: manual, cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Streamed question' }],
    });
    let startUsage: Anthropic.Usage | undefined;
    stream.on('streamEvent', (event) => {
      if (event.type === 'message_start') startUsage = event.message.usage;
    });
    await stream.finalMessage();
    expect(startUsage).toMatchObject({ cache_read_input_tokens: prefix, cache_creation_input_tokens: 0 });
  });

  it('splits 1h writes, and caches nothing below the model minimum', async () => {
    const client = new Anthropic({ baseURL: `${sim.url}/anthropic`, apiKey: 'sk-ant-cache-2', maxRetries: 0 });
    const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: manual, cache_control: { type: 'ephemeral', ttl: '1h' } }];
    const hour = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 50, system, messages: [{ role: 'user', content: 'q' }] });
    expect(hour.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: encode(manual).length });
    // The ~2400-token manual is over Sonnet 4.5's 1024 and Haiku 3.5's 2048 minimums, under Opus 4.5's 4096.
    const opus = await client.messages.create({ model: 'claude-opus-4-5', max_tokens: 50, system, messages: [{ role: 'user', content: 'q' }] });
    expect(opus.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    const haiku = await client.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 50, system, messages: [{ role: 'user', content: 'q' }] });
    expect(haiku.usage.cache_creation_input_tokens).toBe(encode(manual).length);
    const shorter = manual.split('\n').slice(0, 150).join('\n');
    expect(encode(shorter).length).toBeLessThan(2048);
    const shortSystem: Anthropic.TextBlockParam[] = [{ type: 'text', text: shorter, cache_control: { type: 'ephemeral' } }];
    const underHaiku = await client.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 50, system: shortSystem, messages: [{ role: 'user', content: 'q' }] });
    expect(underHaiku.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    const overSonnet = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 50, system: shortSystem, messages: [{ role: 'user', content: 'q' }] });
    expect(overSonnet.usage.cache_creation_input_tokens).toBe(encode(shorter).length);
  });
});

describe('request errors', () => {
  const post = (body: unknown, headers: Record<string, string> = { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, path = '/anthropic/v1/messages') =>
    fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('requires max_tokens, in Anthropic error shape', async () => {
    const response = await post({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'x' }] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
    expect(body.request_id).toMatch(/^req_011C/);
  });

  it('requires anthropic-version and a key', async () => {
    const noVersion = await post({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [] }, { 'x-api-key': 'k' });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ error: { message: 'anthropic-version: header is required' } });
    const noKey = await post({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [] }, { 'anthropic-version': '2023-06-01' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('404s unknown models and unknown paths, 400s bad JSON and bad fields', async () => {
    await expect(anthropic.messages.create({ model: 'claude-imaginary-9', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status: 404,
      error: { type: 'error', error: { type: 'not_found_error', message: 'model: claude-imaginary-9' } },
    });
    const unknownPath = await post({}, undefined, '/anthropic/v1/nothing-here');
    expect(unknownPath.status).toBe(404);
    expect(await unknownPath.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect((await post('{not json')).status).toBe(400);
    const badRole = await post({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'robot', content: 'x' }] });
    expect(await badRole.json()).toMatchObject({ error: { message: expect.stringMatching(/^messages\.0\.role: /) as unknown } });
    const thinkingTooBig = await post({ model: 'claude-sonnet-4-5', max_tokens: 1500, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'x' }] });
    expect(thinkingTooBig.status).toBe(400);
  });
});
