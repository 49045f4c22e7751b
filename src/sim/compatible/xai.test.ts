import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { startSimulator, type RunningSimulator } from '../index.js';

let sim: RunningSimulator;
let xai: OpenAI;

beforeAll(async () => {
  sim = await startSimulator();
  xai = new OpenAI({ baseURL: `${sim.url}/xai/v1`, apiKey: 'xai-key', maxRetries: 0 });
});
afterAll(async () => sim.close());

interface XaiUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { text_tokens: number; audio_tokens: number; image_tokens: number; cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number; audio_tokens: number; accepted_prediction_tokens: number; rejected_prediction_tokens: number };
  num_sources_used: number;
  cost_in_usd_ticks: number;
}

const weatherTool: OpenAI.Chat.ChatCompletionTool = { type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } } };

async function streamed(model: string, body: Partial<OpenAI.Chat.ChatCompletionCreateParamsStreaming> = {}, headers: Record<string, string> = {}) {
  const stream = await xai.chat.completions.create({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hello' }], ...body }, { headers });
  const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('xAI chat', () => {
  it('grok-3-mini streams reasoning_content and reports reasoning outside completion_tokens, priced in ticks', async () => {
    const chunks = await streamed('grok-3-mini', {}, { 'x-sim-output-tokens': '6' });
    const first = chunks[0]?.choices[0]?.delta as { role?: string; reasoning_content?: string };
    expect(first.role).toBe('assistant');
    expect(first.reasoning_content?.length).toBeGreaterThan(0);
    const reasoning = chunks.map((chunk) => (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '').join('');
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    const usage = chunks[chunks.length - 1]?.usage as unknown as XaiUsage;
    expect(chunks[chunks.length - 1]?.choices).toEqual([]);
    expect(usage.completion_tokens).toBe(encode(content).length);
    expect(usage.completion_tokens_details.reasoning_tokens).toBe(encode(reasoning).length);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens + usage.completion_tokens_details.reasoning_tokens);
    // grok-3-mini: $0.30 / M input, $0.50 / M output (reasoning included); 1 tick = 1e-10 USD.
    expect(usage.cost_in_usd_ticks).toBe(usage.prompt_tokens * 3000 + (usage.completion_tokens + usage.completion_tokens_details.reasoning_tokens) * 5000);
  });

  it('grok-4 reasons without showing it, answers as grok-4-0709, and refuses reasoning_effort, stop and penalties', async () => {
    const completion = await xai.chat.completions.create({ model: 'grok-4', messages: [{ role: 'user', content: 'think' }] });
    expect(completion.model).toBe('grok-4-0709');
    expect((completion.choices[0]?.message as { reasoning_content?: string }).reasoning_content).toBeUndefined();
    const usage = completion.usage as unknown as XaiUsage;
    expect(usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBe(encode(completion.choices[0]?.message.content ?? '').length);
    for (const extra of [{ reasoning_effort: 'low' as const }, { stop: ['x'] }, { presence_penalty: 0.5 }]) {
      await expect(xai.chat.completions.create({ model: 'grok-4', messages: [{ role: 'user', content: 'x' }], ...extra })).rejects.toMatchObject({ status: 400 });
    }
    const plain = await xai.chat.completions.create({ model: 'grok-3', messages: [{ role: 'user', content: 'x' }], stop: ['zzz'] });
    expect((plain.usage as unknown as XaiUsage).completion_tokens_details.reasoning_tokens).toBe(0);
    const raw = await fetch(`${sim.url}/xai/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: JSON.stringify({ model: 'grok-3-mini', reasoning_effort: 'medium', messages: [{ role: 'user', content: 'x' }] }) });
    expect(await raw.json()).toMatchObject({ code: 'Client specified an invalid argument', error: expect.stringContaining('reasoning_effort') as unknown });
  });

  it('caches an identical prompt up to its last token, and earlier messages of a longer one', async () => {
    const messages = [{ role: 'system' as const, content: 'You are a weather bot.' }, { role: 'user' as const, content: 'Weather in Oslo?' }];
    const first = (await xai.chat.completions.create({ model: 'grok-3', messages })).usage as unknown as XaiUsage;
    expect(first.prompt_tokens_details.cached_tokens).toBe(0);
    const again = (await xai.chat.completions.create({ model: 'grok-3', messages })).usage as unknown as XaiUsage;
    expect(again.prompt_tokens_details.cached_tokens).toBe(again.prompt_tokens - 1);
    expect(again.cost_in_usd_ticks).toBe(1 * 30_000 + (again.prompt_tokens - 1) * 7500 + again.completion_tokens * 150_000);
  });

  it('streams tool calls whole, with index and type', async () => {
    const chunks = await streamed('grok-3', { messages: [{ role: 'user', content: 'weather in Paris' }], tools: [weatherTool] });
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ index: 0, type: 'function', id: expect.stringMatching(/^call_\d{8}$/) as unknown, function: { name: 'weather' } });
    expect(JSON.parse(calls[0]?.function?.arguments ?? '')).toHaveProperty('location');
    const ids: string[] = [];
    for await (const model of xai.models.list()) ids.push(model.id);
    expect(ids.sort()).toEqual(['grok-3', 'grok-3-mini', 'grok-4', 'grok-4-0709']);
  });
});

describe.skipIf(!HAS_CAPTURES)('against the recorded xAI streams', () => {
  const keys = (value: unknown): string[] => Object.keys(value as object).sort();
  const recorded = (name: string) =>
    readCapture(`xai/${name}`)
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown> & { choices: Array<Record<string, unknown>>; usage?: Record<string, unknown> });

  it('has the recorded chunk, choice and usage fields, and the same reasoning accounting', async () => {
    const capture = recorded('xai-text.chunks.txt');
    const chunks = (await streamed('grok-3-mini')) as unknown as typeof capture;
    expect(keys(chunks[0])).toEqual(keys(capture[0]));
    expect(keys(chunks[0]?.choices[0])).toEqual(keys(capture[0]?.choices[0]));
    expect(keys(chunks[0]?.choices[0]?.delta)).toEqual(keys(capture[0]?.choices[0]?.delta));
    const finish = (list: typeof capture) => list.find((chunk) => chunk.choices[0]?.finish_reason !== undefined);
    expect(keys(finish(chunks))).toEqual(keys(finish(capture)));
    expect(keys(finish(chunks)?.choices[0])).toEqual(keys(finish(capture)?.choices[0]));
    const usage = chunks[chunks.length - 1]?.usage as unknown as XaiUsage;
    const recordedUsage = capture[capture.length - 1]?.usage as unknown as XaiUsage;
    expect(keys(usage)).toEqual(keys(recordedUsage));
    expect(keys(usage.prompt_tokens_details)).toEqual(keys(recordedUsage.prompt_tokens_details));
    expect(keys(usage.completion_tokens_details)).toEqual(keys(recordedUsage.completion_tokens_details));
    expect(recordedUsage.total_tokens).toBe(recordedUsage.prompt_tokens + recordedUsage.completion_tokens + recordedUsage.completion_tokens_details.reasoning_tokens);
    const tool = recorded('xai-tool-call.chunks.txt');
    const toolChunks = (await streamed('grok-3-mini', { messages: [{ role: 'user', content: 'weather in San Francisco' }], tools: [weatherTool] })) as unknown as typeof tool;
    const callOf = (list: typeof tool) => (list.find((chunk) => (chunk.choices[0]?.delta as { tool_calls?: unknown[] } | undefined)?.tool_calls !== undefined)?.choices[0]?.delta as { tool_calls: unknown[] }).tool_calls[0];
    expect(keys(callOf(toolChunks))).toEqual(keys(callOf(tool)));
  });
});
