import { Ajv } from 'ajv';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { startSimulator, type RunningSimulator } from '../index.js';
import { PREAMBLE_TOKENS, TOOL_INSTRUCTION_TOKENS, TURN_TOKENS } from './cohere-prompt.js';

let sim: RunningSimulator;
const ajv = new Ajv({ strict: false, validateFormats: false });

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

interface CohereUsage {
  billed_units: { input_tokens: number; output_tokens: number };
  tokens: { input_tokens: number; output_tokens: number };
  cached_tokens: number;
}
interface CohereChat {
  id: string;
  message: { role: string; content?: Array<{ type: string; text: string }>; tool_plan?: string; tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }> };
  finish_reason: string;
  usage: CohereUsage;
}
interface CohereEvent {
  type: string;
  index?: number;
  delta?: { finish_reason?: string; usage?: CohereUsage; message?: Record<string, unknown> };
}

function chat(body: Record<string, unknown>, headers: Record<string, string> = {}, key = 'co-key'): Promise<Response> {
  return fetch(`${sim.url}/cohere/v2/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify({ model: 'command-a-03-2025', ...body }),
  });
}

async function chatJson(body: Record<string, unknown>, headers: Record<string, string> = {}, key = 'co-key'): Promise<CohereChat> {
  const response = await chat(body, headers, key);
  expect(response.status).toBe(200);
  return (await response.json()) as CohereChat;
}

async function events(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<CohereEvent[]> {
  const text = await (await chat({ ...body, stream: true }, headers)).text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      const event = JSON.parse((dataLine ?? '').slice(6)) as CohereEvent;
      expect(eventLine).toBe(`event: ${event.type}`);
      return event;
    });
}

const weatherTool = { type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } } };
const attractionsTool = { type: 'function', function: { name: 'cityAttractions', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

describe('v2 chat', () => {
  it('answers text with billed units from the tokenizer and template tokens on top', async () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is the capital of France?' },
    ];
    const body = await chatJson({ messages });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.finish_reason).toBe('COMPLETE');
    const text = body.message.content?.[0]?.text ?? '';
    expect(body.message).toEqual({ role: 'assistant', content: [{ type: 'text', text }] });
    const billedInput = encode('Be brief.').length + encode('What is the capital of France?').length;
    expect(body.usage).toEqual({
      billed_units: { input_tokens: billedInput, output_tokens: encode(text).length },
      tokens: { input_tokens: billedInput + PREAMBLE_TOKENS + 2 * TURN_TOKENS, output_tokens: encode(text).length + 3 },
      // The system preamble Cohere adds is the same for everyone: its 32-token blocks are always cached.
      cached_tokens: 448,
    });
  });

  it('caps at max_tokens (MAX_TOKENS) and stops before a stop sequence (STOP_SEQUENCE)', async () => {
    const capped = await chatJson({ messages: [{ role: 'user', content: 'long' }], max_tokens: 4 }, { 'x-sim-output-tokens': '30' });
    expect(capped.finish_reason).toBe('MAX_TOKENS');
    expect(capped.usage.billed_units.output_tokens).toBe(4);
    const full = (await chatJson({ messages: [{ role: 'user', content: 'stop it' }] }, { 'x-sim-output-tokens': '30' })).message.content?.[0]?.text ?? '';
    const stop = ` ${full.split(' ')[4] ?? ''}`;
    const stopped = await chatJson({ messages: [{ role: 'user', content: 'stop it' }], stop_sequences: [stop] }, { 'x-sim-output-tokens': '30' });
    expect(stopped.finish_reason).toBe('STOP_SEQUENCE');
    expect(stopped.message.content?.[0]?.text).toBe(full.slice(0, full.indexOf(stop)));
  });

  it('calls the tools the user names, after a tool plan, with Cohere ids and template tokens per call', async () => {
    const body = await chatJson({ messages: [{ role: 'user', content: 'Use weather and cityAttractions for San Francisco' }], tools: [weatherTool, attractionsTool] });
    expect(body.finish_reason).toBe('TOOL_CALL');
    expect(body.message.content).toBeUndefined();
    expect(body.message.tool_plan?.length).toBeGreaterThan(0);
    const calls = body.message.tool_calls ?? [];
    expect(calls.map((call) => call.function.name)).toEqual(['weather', 'cityAttractions']);
    for (const call of calls) {
      expect(call.id).toMatch(new RegExp(`^${call.function.name}_[a-z0-9]{12}$`));
      expect(call.type).toBe('function');
      expect(ajv.compile(call.function.name === 'weather' ? weatherTool.function.parameters : attractionsTool.function.parameters)(JSON.parse(call.function.arguments))).toBe(true);
    }
    const billedOutput = encode(body.message.tool_plan ?? '').length + calls.reduce((sum, call) => sum + encode(call.function.name).length + encode(call.function.arguments).length, 0);
    expect(body.usage.billed_units.output_tokens).toBe(billedOutput);
    expect(body.usage.tokens.output_tokens).toBe(billedOutput + 3 + 24 * calls.length);
    const billedInput = encode(JSON.stringify([weatherTool, attractionsTool])).length + encode('Use weather and cityAttractions for San Francisco').length;
    expect(body.usage.billed_units.input_tokens).toBe(billedInput);
    expect(body.usage.tokens.input_tokens).toBe(billedInput + PREAMBLE_TOKENS + TOOL_INSTRUCTION_TOKENS + TURN_TOKENS);
  });

  it('tool_choice REQUIRED forces a call, NONE forbids one, and a tool result gets a text answer', async () => {
    const forced = await chatJson({ messages: [{ role: 'user', content: 'hello' }], tools: [weatherTool], tool_choice: 'REQUIRED' });
    expect(forced.finish_reason).toBe('TOOL_CALL');
    const none = await chatJson({ messages: [{ role: 'user', content: 'weather now' }], tools: [weatherTool], tool_choice: 'NONE' });
    expect(none.finish_reason).toBe('COMPLETE');
    const after = await chatJson({
      messages: [
        { role: 'user', content: 'weather in Paris' },
        { role: 'assistant', tool_plan: 'I will look.', tool_calls: [{ id: 'weather_abc', type: 'function', function: { name: 'weather', arguments: '{"location":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'weather_abc', content: [{ type: 'document', document: { data: '{"temperature":21}' } }] },
      ],
      tools: [weatherTool],
    });
    expect(after.finish_reason).toBe('COMPLETE');
    expect(after.message.content?.[0]?.text.length).toBeGreaterThan(0);
  });

  it('answers json_object and json_schema response formats with JSON (that validates)', async () => {
    const loose = await chatJson({ messages: [{ role: 'user', content: 'json please' }], response_format: { type: 'json_object' } });
    expect(typeof JSON.parse(loose.message.content?.[0]?.text ?? '')).toBe('object');
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } }, required: ['name', 'age'] };
    const strict = await chatJson({ messages: [{ role: 'user', content: 'a person' }], response_format: { type: 'json_object', json_schema: schema } });
    expect(ajv.compile(schema)(JSON.parse(strict.message.content?.[0]?.text ?? ''))).toBe(true);
    const refused = await chat({ messages: [{ role: 'user', content: 'x' }], tools: [weatherTool], response_format: { type: 'json_object' } });
    expect(refused.status).toBe(400);
  });

  it('reads back a prefix this key sent before, in 32-token blocks, beyond the shared preamble', async () => {
    const long = Array.from({ length: 150 }, (_, index) => `Fact ${index} about the harbor.`).join(' ');
    const first = await chatJson({ messages: [{ role: 'user', content: `${long} First question?` }] }, {}, 'cache-co');
    expect(first.usage.cached_tokens).toBe(448);
    const second = await chatJson({ messages: [{ role: 'user', content: `${long} Second question?` }] }, {}, 'cache-co');
    expect(second.usage.cached_tokens).toBeGreaterThan(PREAMBLE_TOKENS + encode(long).length - 64);
    expect(second.usage.cached_tokens % 32).toBe(0);
    expect(second.usage.cached_tokens).toBeLessThanOrEqual(second.usage.tokens.input_tokens);
  });
});

describe('v2 chat stream', () => {
  it('streams message-start, content events one token each, and message-end with the sync usage', async () => {
    const body = { messages: [{ role: 'user', content: 'Stream it' }] };
    const streamed = await events(body, { 'x-sim-output-tokens': '12' });
    const types = streamed.map((event) => event.type);
    expect(types[0]).toBe('message-start');
    expect(types[1]).toBe('content-start');
    expect(types.slice(2, -2).every((type) => type === 'content-delta')).toBe(true);
    expect(types.slice(-2)).toEqual(['content-end', 'message-end']);
    expect(types.filter((type) => type === 'content-delta')).toHaveLength(12);
    const sync = await chatJson(body, { 'x-sim-output-tokens': '12' });
    const end = streamed[streamed.length - 1];
    expect(end?.delta?.finish_reason).toBe('COMPLETE');
    expect(end?.delta?.usage?.billed_units).toEqual(sync.usage.billed_units);
    expect(end?.delta?.usage?.tokens).toEqual(sync.usage.tokens);
  });

  it('streams the tool plan, then each call as start / argument deltas / end', async () => {
    const streamed = await events({ messages: [{ role: 'user', content: 'weather and cityAttractions please' }], tools: [weatherTool, attractionsTool] });
    const types = streamed.map((event) => event.type);
    expect(types.filter((type) => type === 'tool-plan-delta').length).toBeGreaterThan(5);
    expect(types.indexOf('tool-call-start')).toBeGreaterThan(types.lastIndexOf('tool-plan-delta'));
    for (const index of [0, 1]) {
      const ofCall = streamed.filter((event) => event.index === index && event.type.startsWith('tool-call'));
      expect(ofCall[0]?.type).toBe('tool-call-start');
      expect(ofCall[ofCall.length - 1]?.type).toBe('tool-call-end');
      const args = ofCall
        .filter((event) => event.type === 'tool-call-delta')
        .map((event) => ((event.delta?.message?.tool_calls as { function: { arguments: string } }).function.arguments))
        .join('');
      expect(() => JSON.parse(args) as unknown).not.toThrow();
    }
    expect(streamed[streamed.length - 1]?.delta?.finish_reason).toBe('TOOL_CALL');
  });
});

describe('embed and models', () => {
  it('embeds texts in each asked type, billing input tokens', async () => {
    const response = await fetch(`${sim.url}/cohere/v2/embed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: JSON.stringify({ model: 'embed-v4.0', texts: ['hello world', 'bye'], input_type: 'search_document', embedding_types: ['float', 'int8', 'binary'], output_dimension: 256 }),
    });
    const body = (await response.json()) as { embeddings: { float: number[][]; int8: number[][]; binary: number[][] }; meta: { billed_units: { input_tokens: number } }; response_type: string; texts: string[] };
    expect(body.response_type).toBe('embeddings_by_type');
    expect(body.texts).toEqual(['hello world', 'bye']);
    expect(body.embeddings.float.map((vector) => vector.length)).toEqual([256, 256]);
    expect(Math.hypot(...(body.embeddings.float[0] ?? []))).toBeCloseTo(1, 5);
    expect(body.embeddings.int8[0]?.every((value) => Number.isInteger(value) && value >= -128 && value <= 127)).toBe(true);
    expect(body.embeddings.binary[0]).toHaveLength(32);
    expect(body.meta.billed_units.input_tokens).toBe(encode('hello world').length + encode('bye').length);
    const noType = await fetch(`${sim.url}/cohere/v2/embed`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: JSON.stringify({ model: 'embed-english-v3.0', texts: ['x'] }) });
    expect(noType.status).toBe(400);
  });

  it('lists models and 404s an unknown one in Cohere’s shape', async () => {
    const list = (await (await fetch(`${sim.url}/cohere/v1/models`, { headers: { authorization: 'Bearer k' } })).json()) as { models: Array<{ name: string; endpoints: string[] }> };
    expect(list.models.map((model) => model.name)).toEqual(
      expect.arrayContaining(['command-a-03-2025', 'command-r-plus-08-2024', 'command-r-08-2024', 'command-r7b-12-2024', 'embed-v4.0', 'embed-english-v3.0']),
    );
    const missing = await chat({ model: 'command-z', messages: [{ role: 'user', content: 'x' }] });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ id: expect.any(String) as unknown, message: expect.stringContaining("model 'command-z' not found") as unknown });
  });

  it('401s a missing or rejected key, 400s a bad body', async () => {
    const own = await startSimulator({ rejectedApiKeys: ['bad'] });
    try {
      const post = (headers: Record<string, string>, body = '{}') => fetch(`${own.url}/cohere/v2/chat`, { method: 'POST', headers, body });
      expect(await (await post({})).json()).toMatchObject({ message: 'no api key supplied' });
      const rejected = await post({ authorization: 'Bearer bad' });
      expect(rejected.status).toBe(401);
      expect(await rejected.json()).toMatchObject({ message: 'invalid api token' });
      const bad = await post({ authorization: 'Bearer ok' }, JSON.stringify({ model: 'command-a-03-2025', messages: [] }));
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ message: 'invalid request: messages must not be empty' });
    } finally {
      await own.close();
    }
  });
});

describe.skipIf(!HAS_CAPTURES)('against the recorded Cohere responses', () => {
  const keys = (value: unknown): string[] => Object.keys(value as object).sort();

  it('has the fields of the recorded text and tool-call answers', async () => {
    const text = JSON.parse(readCapture('cohere/cohere-text.json')) as CohereChat;
    // A key of its own: the template tokens before the first message are the same in every request, so a key that sent anything before reads them back.
    const simulated = await chatJson({ messages: [{ role: 'user', content: 'What is the capital of France?' }] }, {}, 'fresh-capture-key');
    expect(keys(simulated)).toEqual(keys(text));
    expect(keys(simulated.message)).toEqual(keys(text.message));
    expect(keys(simulated.usage)).toEqual(keys(text.usage));
    expect(keys(simulated.usage.tokens)).toEqual(keys(text.usage.tokens));
    // As recorded: the template makes tokens.input far larger than billed input, and the preamble is cached.
    expect(simulated.usage.tokens.input_tokens - simulated.usage.billed_units.input_tokens).toBe(text.usage.tokens.input_tokens - text.usage.billed_units.input_tokens);
    expect(simulated.usage.cached_tokens).toBe(text.usage.cached_tokens);

    const tools = JSON.parse(readCapture('cohere/cohere-tool-call.json')) as CohereChat;
    const called = await chatJson({ messages: [{ role: 'user', content: 'weather and cityAttractions in San Francisco' }], tools: [weatherTool, attractionsTool] });
    expect(keys(called.message)).toEqual(keys(tools.message));
    expect(keys(called.message.tool_calls?.[0])).toEqual(keys(tools.message.tool_calls?.[0]));
    expect(called.usage.tokens.output_tokens - called.usage.billed_units.output_tokens).toBe(tools.usage.tokens.output_tokens - tools.usage.billed_units.output_tokens);
  });

  it('streams the recorded event sequence and event shapes', async () => {
    const recorded = readCapture('cohere/cohere-tool-call.chunks.txt')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as CohereEvent);
    const streamed = await events({ messages: [{ role: 'user', content: 'weather and cityAttractions in San Francisco' }], tools: [weatherTool, attractionsTool] });
    const collapse = (list: CohereEvent[]): string[] => list.map((event) => event.type).filter((type, index, all) => type !== all[index - 1]);
    expect(collapse(streamed)).toEqual(collapse(recorded));
    for (const type of ['message-start', 'tool-plan-delta', 'tool-call-start', 'tool-call-delta', 'tool-call-end', 'message-end']) {
      expect(keys(streamed.find((event) => event.type === type))).toEqual(keys(recorded.find((event) => event.type === type)));
    }
  });
});
