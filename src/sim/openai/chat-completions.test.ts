import { Ajv } from 'ajv';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { startSimulator, type RunningSimulator } from '../index.js';

let sim: RunningSimulator;
let openai: OpenAI;
const ajv = new Ajv({ strict: false, validateFormats: false });

beforeAll(async () => {
  sim = await startSimulator();
  openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-test-chat', maxRetries: 0 });
});
afterAll(async () => sim.close());

/** OpenAI's cookbook count: 3 per message + role + content, 3 to prime the reply. */
function cookbookTokens(messages: Array<{ role: string; content: string }>): number {
  return 3 + messages.reduce((sum, message) => sum + 3 + encode(message.role).length + encode(message.content).length, 0);
}

const weatherTool: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    strict: true,
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1, maximum: 7 },
        at: { type: 'string', format: 'date-time' },
      },
      required: ['city', 'unit', 'days', 'at'],
      additionalProperties: false,
    },
  },
};
const timeTool: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } },
};

describe('chat completions (sync)', () => {
  it('answers in the chat.completion shape with usage from the tokenizer', async () => {
    const messages = [
      { role: 'system' as const, content: 'You are terse.' },
      { role: 'user' as const, content: 'Tell me about rivers.' },
    ];
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(completion.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini-2024-07-18');
    expect(completion.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
    expect(completion.service_tier).toBe('default');
    expect(Math.abs(completion.created - Date.now() / 1000)).toBeLessThan(5);
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('stop');
    expect(choice?.message).toMatchObject({ role: 'assistant', refusal: null });
    const content = choice?.message.content ?? '';
    expect(content.length).toBeGreaterThan(0);
    expect(completion.usage).toEqual({
      prompt_tokens: cookbookTokens(messages),
      completion_tokens: encode(content).length,
      total_tokens: cookbookTokens(messages) + encode(content).length,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
    expect(completion.usage?.completion_tokens).toBeGreaterThanOrEqual(24);
    expect(completion.usage?.completion_tokens).toBeLessThanOrEqual(64);
  });

  it.skipIf(!HAS_CAPTURES)('has the same fields as the recorded OpenAI response', async () => {
    const recorded = JSON.parse(readCapture('openai-chat/openai-text.json')) as Record<string, Record<string, unknown>>;
    const completion = (await openai.chat.completions.create({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'Invent a holiday' }] })) as unknown as Record<string, unknown>;
    const keys = (value: unknown): string[] => Object.keys(value as object).sort();
    expect(keys(completion)).toEqual(keys(recorded));
    expect(keys(completion.usage)).toEqual(keys(recorded.usage));
    const usage = completion.usage as Record<string, unknown>;
    expect(keys(usage.prompt_tokens_details)).toEqual(keys(recorded.usage?.prompt_tokens_details));
    expect(keys(usage.completion_tokens_details)).toEqual(keys(recorded.usage?.completion_tokens_details));
    const choices = recorded.choices as unknown as Array<Record<string, unknown>>;
    expect(keys((completion.choices as Array<Record<string, unknown>>)[0])).toEqual(keys(choices[0]));
    expect(keys((completion.choices as Array<{ message: unknown }>)[0]?.message)).toEqual(keys(choices[0]?.message));
  });

  it('gives the same answer to the same conversation, and honours x-sim-output-tokens', async () => {
    const body = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Same question' }] };
    const first = await openai.chat.completions.create(body);
    const second = await openai.chat.completions.create(body);
    expect(second.choices[0]?.message.content).toBe(first.choices[0]?.message.content);
    const long = await openai.chat.completions.create(body, { headers: { 'x-sim-output-tokens': '150' } });
    expect(long.usage?.completion_tokens).toBe(150);
    expect(encode(long.choices[0]?.message.content ?? '').length).toBe(150);
  });

  it('caps at max_tokens / max_completion_tokens with finish_reason length', async () => {
    const capped = await openai.chat.completions.create({ model: 'gpt-4o', max_tokens: 7, messages: [{ role: 'user', content: 'Long answer please' }] }, { headers: { 'x-sim-output-tokens': '100' } });
    expect(capped.choices[0]?.finish_reason).toBe('length');
    expect(capped.usage?.completion_tokens).toBe(7);
    expect(encode(capped.choices[0]?.message.content ?? '').length).toBe(7);
  });

  it('stops before a stop sequence', async () => {
    const body = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Words, then a stop' }] };
    const full = (await openai.chat.completions.create(body)).choices[0]?.message.content ?? '';
    const stop = ` ${full.split(' ')[4] ?? ''}`;
    const stopped = await openai.chat.completions.create({ ...body, stop: [stop] });
    expect(stopped.choices[0]?.finish_reason).toBe('stop');
    expect(stopped.choices[0]?.message.content).toBe(full.slice(0, full.indexOf(stop)));
    expect(stopped.usage?.completion_tokens).toBe(encode(stopped.choices[0]?.message.content ?? '').length);
  });

  it('returns n choices, billed together', async () => {
    const completion = await openai.chat.completions.create({ model: 'gpt-4o', n: 2, messages: [{ role: 'user', content: 'Two takes' }] });
    expect(completion.choices).toHaveLength(2);
    const [first, second] = completion.choices.map((choice) => choice.message.content ?? '');
    expect(first).not.toBe(second);
    expect(completion.usage?.completion_tokens).toBe(encode(first ?? '').length + encode(second ?? '').length);
  });

  it('echoes a service tier the model offers, else default', async () => {
    const ask = (model: string, tier: 'flex' | 'priority') =>
      openai.chat.completions.create({ model, service_tier: tier, messages: [{ role: 'user', content: 'tier' }] }).then((completion) => completion.service_tier);
    expect(await ask('gpt-5-mini', 'flex')).toBe('flex');
    expect(await ask('gpt-4o', 'priority')).toBe('priority');
    expect(await ask('gpt-4o', 'flex')).toBe('default');
  });

  it('is served under /openai/v1 too', async () => {
    const other = new OpenAI({ baseURL: `${sim.url}/openai/v1`, apiKey: 'sk-test', maxRetries: 0 });
    const completion = await other.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.model).toBe('gpt-4.1-2025-04-14');
  });
});

describe('chat completions (stream)', () => {
  it('streams role, content, finish, then a usage chunk with empty choices when asked', async () => {
    const messages = [{ role: 'user' as const, content: 'Stream me something' }];
    const sync = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const first = chunks[0];
    expect(first?.object).toBe('chat.completion.chunk');
    expect(first?.choices[0]?.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const last = chunks[chunks.length - 1];
    expect(last?.choices).toEqual([]);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks[chunks.length - 2]?.choices[0]?.finish_reason).toBe('stop');
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(sync.choices[0]?.message.content);
    expect(last?.usage).toMatchObject({ prompt_tokens: cookbookTokens(messages), completion_tokens: encode(text).length });
  });

  it('leaves usage out without include_usage and ends with [DONE]', async () => {
    const response = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'raw stream' }] }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const raw = await response.text();
    expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
    const events = raw.split('\n\n').filter((event) => event.startsWith('data: {'));
    for (const event of events) expect(JSON.parse(event.slice(6))).not.toHaveProperty('usage');
    expect(JSON.parse(events[0]?.slice(6) ?? '{}')).toHaveProperty('obfuscation');
  });

  it('streams tool calls: the first delta names the call, the rest carry argument fragments', async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o',
      stream: true,
      tools: [weatherTool],
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'Weather?' }],
    });
    const deltas: OpenAI.Chat.ChatCompletionChunk.Choice.Delta.ToolCall[] = [];
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      finish ??= chunk.choices[0]?.finish_reason;
    }
    expect(finish).toBe('tool_calls');
    expect(deltas[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'get_weather', arguments: '' } });
    expect(deltas[0]?.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    for (const later of deltas.slice(1)) expect(Object.keys(later).sort()).toEqual(['function', 'index']);
    const argumentsJson = deltas.map((delta) => delta.function?.arguments ?? '').join('');
    expect(ajv.validate(weatherTool.function.parameters ?? {}, JSON.parse(argumentsJson))).toBe(true);
  });
});

describe('tools', () => {
  it('calls a required tool with schema-valid arguments, billed as name + arguments', async () => {
    const completion = await openai.chat.completions.create({ model: 'gpt-4.1-mini', tools: [weatherTool], tool_choice: 'required', messages: [{ role: 'user', content: 'Paris?' }] });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    const call = choice?.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.id).toMatch(/^call_/);
    expect(ajv.validate(weatherTool.function.parameters ?? {}, JSON.parse(call.function.arguments))).toBe(true);
    expect(completion.usage?.completion_tokens).toBe(encode('get_weather').length + encode(call.function.arguments).length);
  });

  it('calls every tool the user names, unless parallel calls are off', async () => {
    const messages = [{ role: 'user' as const, content: 'Use get_weather and get_time please' }];
    const both = await openai.chat.completions.create({ model: 'gpt-4o', tools: [weatherTool, timeTool], messages });
    expect(both.choices[0]?.message.tool_calls?.map((call) => (call.type === 'function' ? call.function.name : ''))).toEqual(['get_weather', 'get_time']);
    const one = await openai.chat.completions.create({ model: 'gpt-4o', tools: [weatherTool, timeTool], parallel_tool_calls: false, messages });
    expect(one.choices[0]?.message.tool_calls).toHaveLength(1);
    const none = await openai.chat.completions.create({ model: 'gpt-4o', tools: [weatherTool, timeTool], tool_choice: 'none', messages });
    expect(none.choices[0]?.message.tool_calls).toBeUndefined();
  });

  it('answers in text after a tool result', async () => {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o',
      tools: [weatherTool],
      tool_choice: 'required',
      messages: [
        { role: 'user', content: 'get_weather for Paris' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      ],
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });
});

describe('structured output', () => {
  it('answers json_schema with content that validates', async () => {
    const schema = {
      type: 'object',
      properties: { title: { type: 'string' }, score: { type: 'number', minimum: 0, maximum: 1 }, tags: { type: 'array', items: { type: 'string' }, maxItems: 3 } },
      required: ['title', 'score', 'tags'],
      additionalProperties: false,
    };
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o',
      response_format: { type: 'json_schema', json_schema: { name: 'review', strict: true, schema } },
      messages: [{ role: 'user', content: 'Review it' }],
    });
    const content = completion.choices[0]?.message.content ?? '';
    expect(ajv.validate(schema, JSON.parse(content))).toBe(true);
    expect(completion.usage?.completion_tokens).toBe(encode(content).length);
  });

  it("answers json_object with a JSON object, and refuses it without the word 'json'", async () => {
    const completion = await openai.chat.completions.create({ model: 'gpt-4o', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'Reply in JSON' }] });
    expect(typeof JSON.parse(completion.choices[0]?.message.content ?? '')).toBe('object');
    await expect(openai.chat.completions.create({ model: 'gpt-4o', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'Reply' }] })).rejects.toMatchObject({
      status: 400,
      param: 'messages',
    });
  });
});

describe('reasoning models', () => {
  it('bill hidden reasoning inside completion tokens', async () => {
    const completion = await openai.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'Think first' }] });
    const reasoning = completion.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBe(reasoning + encode(completion.choices[0]?.message.content ?? '').length);
    const low = await openai.chat.completions.create({ model: 'o4-mini', reasoning_effort: 'low', messages: [{ role: 'user', content: 'Think first' }] });
    expect(low.usage?.completion_tokens_details?.reasoning_tokens).toBeLessThan(100);
  });

  it('take max_completion_tokens, which the reasoning spends first', async () => {
    const completion = await openai.chat.completions.create({ model: 'o3', max_completion_tokens: 20, messages: [{ role: 'user', content: 'Think' }] });
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(20);
  });

  it.skipIf(!HAS_CAPTURES)('reject max_tokens with the recorded error', async () => {
    const response = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5-mini', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(JSON.parse(readCapture('openai-chat/reasoning-model-legacy-parameter-error.json')));
  });
});

describe('prompt caching', () => {
  it('reports cached_tokens for a long shared prefix, in 128-token steps, per key', async () => {
    const manual = Array.from({ length: 260 }, (_, index) => `Rule ${index}: answer briefly and cite the handbook section.`).join('\n');
    const system = { role: 'system' as const, content: manual };
    const first = [system, { role: 'user' as const, content: 'Alpha question about the rules?' }];
    const second = [system, { role: 'user' as const, content: 'Beta question, different from before.' }];
    const sharedPrefix = 3 + encode('system').length + encode(manual).length + 3 + encode('user').length;
    expect(sharedPrefix).toBeGreaterThan(1200);
    const cached = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-cache-owner', maxRetries: 0 });
    const cold = await cached.chat.completions.create({ model: 'gpt-4.1', messages: first });
    expect(cold.usage?.prompt_tokens).toBe(cookbookTokens(first));
    expect(cold.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const warm = await cached.chat.completions.create({ model: 'gpt-4.1', messages: second });
    expect(warm.usage?.prompt_tokens_details?.cached_tokens).toBe(1024 + Math.floor((sharedPrefix - 1024) / 128) * 128);
    const stranger = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-someone-else', maxRetries: 0 });
    const otherKey = await stranger.chat.completions.create({ model: 'gpt-4.1', messages: second });
    expect(otherKey.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
  });
});

describe('request errors', () => {
  const post = (body: string, headers: Record<string, string> = { authorization: 'Bearer sk-test' }) =>
    fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('404s an unknown model with model_not_found', async () => {
    await expect(openai.chat.completions.create({ model: 'gpt-9-ultra', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
      type: 'invalid_request_error',
    });
    await expect(openai.chat.completions.create({ model: 'text-embedding-3-small', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 404 });
  });

  it('400s bad JSON and missing or mistyped fields, naming the parameter', async () => {
    const badJson = await post('{"model": "gpt-4o", ');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { type: 'invalid_request_error', param: null, code: null } });
    const missing = await post(JSON.stringify({ model: 'gpt-4o' }));
    expect(await missing.json()).toEqual({
      error: { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: 'messages', code: 'missing_required_parameter' },
    });
    const wrongRole = await post(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'robot', content: 'x' }] }));
    expect(wrongRole.status).toBe(400);
    expect(await wrongRole.json()).toMatchObject({ error: { param: 'messages[0].role' } });
    const empty = await post(JSON.stringify({ model: 'gpt-4o', messages: [] }));
    expect(await empty.json()).toMatchObject({ error: { param: 'messages', code: 'empty_array' } });
  });

  it('401s a missing key and a rejected key', async () => {
    const missing = await post(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }), {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    const strict = await startSimulator({ rejectedApiKeys: ['sk-revoked-0123456789'] });
    try {
      const client = new OpenAI({ baseURL: `${strict.url}/v1`, apiKey: 'sk-revoked-0123456789', maxRetries: 0 });
      await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    } finally {
      await strict.close();
    }
  });

  it('refuses caps above the model limit and tool_choice without tools', async () => {
    await expect(openai.chat.completions.create({ model: 'gpt-4o', max_tokens: 100_000, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 400, param: 'max_tokens' });
    await expect(openai.chat.completions.create({ model: 'gpt-4o', tool_choice: 'required', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 400, param: 'tool_choice' });
  });
});
