import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { startSimulator, type RunningSimulator } from '../index.js';

let sim: RunningSimulator;
let mistral: OpenAI;

beforeAll(async () => {
  sim = await startSimulator();
  mistral = new OpenAI({ baseURL: `${sim.url}/mistral/v1`, apiKey: 'mistral-key', maxRetries: 0 });
});
afterAll(async () => sim.close());

const cookbook = (messages: Array<{ role: string; content: string }>): number => 3 + messages.reduce((sum, message) => sum + 3 + encode(message.role).length + encode(message.content).length, 0);
const weatherTool: OpenAI.Chat.ChatCompletionTool = { type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } } };

function rawChat(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${sim.url}/mistral/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer mistral-key' },
    body: JSON.stringify({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'hello' }], ...body }),
  });
}

async function chunksOf(body: Record<string, unknown>): Promise<Array<Record<string, unknown> & { choices: Array<Record<string, unknown>> }>> {
  const text = await (await rawChat({ ...body, stream: true })).text();
  expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: {'))
    .map((event) => JSON.parse(event.slice(6)) as Record<string, unknown> & { choices: Array<Record<string, unknown>> });
}

describe('Mistral chat', () => {
  it('answers with three-count usage, 32-hex ids and tool_calls null', async () => {
    const messages = [{ role: 'user' as const, content: 'Invent a holiday.' }];
    const completion = await mistral.chat.completions.create({ model: 'mistral-large-latest', messages });
    expect(completion.id).toMatch(/^[0-9a-f]{32}$/);
    const content = completion.choices[0]?.message.content ?? '';
    expect(completion.usage).toEqual({ prompt_tokens: cookbook(messages), total_tokens: cookbook(messages) + encode(content).length, completion_tokens: encode(content).length });
    expect(completion.choices[0]?.message).toEqual({ role: 'assistant', tool_calls: null, content });
  });

  it('streams usage on the last content chunk, with the finish reason, without being asked and without a usage chunk', async () => {
    const chunks = await chunksOf({});
    const last = chunks[chunks.length - 1];
    expect(last?.choices[0]?.finish_reason).toBe('stop');
    expect((last?.choices[0]?.delta as { content?: string }).content?.length).toBeGreaterThan(0);
    expect(last?.usage).toMatchObject({ prompt_tokens: cookbook([{ role: 'user', content: 'hello' }]) });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === undefined && chunk.choices.length === 1)).toBe(true);
    const sdk = await mistral.chat.completions.create({ model: 'mistral-small-latest', stream: true, messages: [{ role: 'user', content: 'hello' }] });
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of sdk) usage = chunk.usage ?? usage;
    const sync = await mistral.chat.completions.create({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'hello' }] });
    expect(usage).toEqual(sync.usage);
  });

  it('422s stream_options and max_completion_tokens as fields its schema does not have', async () => {
    const response = await rawChat({ stream: true, stream_options: { include_usage: true } });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      object: 'error',
      message: { detail: [{ type: 'extra_forbidden', loc: ['body', 'stream_options'], msg: 'Extra inputs are not permitted', input: { include_usage: true } }] },
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
    await expect(mistral.chat.completions.create({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'x' }], max_completion_tokens: 5 })).rejects.toMatchObject({ status: 422 });
  });

  it('sends whole tool calls in one delta without index, with 9-character ids, usage alongside; "any" forces a call', async () => {
    const chunks = await chunksOf({ messages: [{ role: 'user', content: 'weather in Paris' }], tools: [weatherTool] });
    const withCall = chunks.filter((chunk) => (chunk.choices[0]?.delta as { tool_calls?: unknown[] }).tool_calls !== undefined);
    expect(withCall).toHaveLength(1);
    const delta = withCall[0]?.choices[0]?.delta as { content: null; tool_calls: Array<Record<string, unknown>> };
    expect(delta.content).toBeNull();
    const call = delta.tool_calls[0] as { id: string; function: { name: string; arguments: string } };
    expect(Object.keys(call).sort()).toEqual(['function', 'id']);
    expect(call.id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(JSON.parse(call.function.arguments)).toHaveProperty('location');
    expect(withCall[0]?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(withCall[0]?.usage).toBeDefined();
    const forced = await mistral.chat.completions.create({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'hello' }], tools: [weatherTool], tool_choice: 'any' as unknown as 'required' });
    expect(forced.choices[0]?.finish_reason).toBe('tool_calls');
    expect(Object.keys(forced.choices[0]?.message ?? {}).sort()).toEqual(['role', 'tool_calls']);
  });

  it('embeds with mistral-embed (1024 dimensions) and lists its models', async () => {
    const embedded = await mistral.embeddings.create({ model: 'mistral-embed', input: ['one', 'two'] });
    expect(embedded.data.map((item) => item.embedding.length)).toEqual([1024, 1024]);
    expect(embedded.usage).toEqual({ prompt_tokens: encode('one').length + encode('two').length, total_tokens: encode('one').length + encode('two').length, completion_tokens: 0 });
    const ids: string[] = [];
    for await (const model of mistral.models.list()) ids.push(model.id);
    expect(ids.sort()).toEqual(['mistral-embed', 'mistral-large-latest', 'mistral-medium-latest', 'mistral-small-latest']);
    await expect(mistral.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 404 });
  });
});

describe.skipIf(!HAS_CAPTURES)('against the recorded Mistral responses', () => {
  const keys = (value: unknown): string[] => Object.keys(value as object).sort();

  it('has the fields of the recorded text answer, tool call and tool-call stream', async () => {
    const text = JSON.parse(readCapture('mistral/mistral-text.json')) as { usage: object; choices: Array<{ message: object }> };
    const simulated = (await (await rawChat({})).json()) as typeof text;
    expect(keys(simulated)).toEqual(keys(text));
    expect(keys(simulated.usage)).toEqual(keys(text.usage));
    expect(keys(simulated.choices[0])).toEqual(keys(text.choices[0]));
    expect(keys(simulated.choices[0]?.message)).toEqual(keys(text.choices[0]?.message));

    const tool = JSON.parse(readCapture('mistral/mistral-tool-call.json')) as { choices: Array<{ message: { tool_calls: object[] } }> };
    const called = (await (await rawChat({ messages: [{ role: 'user', content: 'weather in San Francisco' }], tools: [weatherTool] })).json()) as typeof tool;
    expect(keys(called.choices[0]?.message)).toEqual(keys(tool.choices[0]?.message));
    expect(keys(called.choices[0]?.message.tool_calls[0])).toEqual(keys(tool.choices[0]?.message.tool_calls[0]));

    const recorded = readCapture('mistral/mistral-tool-call.chunks.txt')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { choices: Array<{ delta: object }> });
    const streamed = await chunksOf({ messages: [{ role: 'user', content: 'weather in San Francisco' }], tools: [weatherTool] });
    expect(streamed).toHaveLength(recorded.length);
    streamed.forEach((chunk, index) => {
      expect(keys(chunk)).toEqual(keys(recorded[index]));
      expect(keys(chunk.choices[0])).toEqual(keys(recorded[index]?.choices[0]));
      expect(keys(chunk.choices[0]?.delta)).toEqual(keys(recorded[index]?.choices[0]?.delta));
    });
  });
});
