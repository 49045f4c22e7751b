import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { startSimulator, type RunningSimulator } from '../index.js';

let sim: RunningSimulator;
let groq: OpenAI;

beforeAll(async () => {
  sim = await startSimulator();
  groq = new OpenAI({ baseURL: `${sim.url}/groq/openai/v1`, apiKey: 'gsk-key', maxRetries: 0 });
});
afterAll(async () => sim.close());

interface GroqUsage {
  queue_time: number;
  prompt_tokens: number;
  prompt_time: number;
  completion_tokens: number;
  completion_time: number;
  total_tokens: number;
  total_time: number;
}

const weatherTool: OpenAI.Chat.ChatCompletionTool = { type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: {}, additionalProperties: false } } };

async function rawChunks(body: Record<string, unknown>): Promise<Array<Record<string, unknown> & { choices: Array<{ finish_reason: string | null }>; x_groq?: { id: string; usage?: GroqUsage } }>> {
  const response = await fetch(`${sim.url}/groq/openai/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer gsk-key' },
    body: JSON.stringify({ model: 'llama-3.3-70b-versatile', stream: true, messages: [{ role: 'user', content: 'hello' }], ...body }),
  });
  return (await response.text())
    .split('\n\n')
    .filter((event) => event.startsWith('data: {'))
    .map((event) => JSON.parse(event.slice(6)) as Record<string, unknown> & { choices: Array<{ finish_reason: string | null }>; x_groq?: { id: string; usage?: GroqUsage } });
}

describe('Groq chat', () => {
  it('answers with token counts and timings, x_groq and the on_demand tier', async () => {
    const completion = (await groq.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Invent a holiday.' }] })) as unknown as {
      id: string;
      usage: GroqUsage;
      x_groq: { id: string; seed: number };
      service_tier: string;
      usage_breakdown: null;
      choices: Array<{ message: { content: string } }>;
    };
    expect(completion.id).toMatch(/^chatcmpl-[0-9a-f-]{36}$/);
    expect(completion.x_groq.id).toMatch(/^req_01[a-z0-9]{24}$/);
    expect(completion.service_tier).toBe('on_demand');
    expect(completion.usage_breakdown).toBeNull();
    const usage = completion.usage;
    expect(usage.prompt_tokens).toBe(3 + 3 + encode('user').length + encode('Invent a holiday.').length);
    expect(usage.completion_tokens).toBe(encode(completion.choices[0]?.message.content ?? '').length);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(usage.total_time).toBeCloseTo(usage.prompt_time + usage.completion_time, 8);
    // Without pacing, completion_time follows Groq's published 275 tokens a second for the 70B model.
    expect(usage.completion_time).toBeCloseTo(usage.completion_tokens / 275, 6);
    expect(usage.queue_time).toBeGreaterThan(0);
  });

  it('streams x_groq.id first and x_groq.usage on the finish chunk, plus a usage chunk when asked', async () => {
    const chunks = await rawChunks({});
    expect(chunks[0]?.x_groq?.id).toMatch(/^req_01/);
    const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason === 'stop');
    expect(finish?.x_groq?.usage?.completion_tokens).toBeGreaterThan(0);
    expect(chunks.some((chunk) => chunk.usage !== undefined)).toBe(false);
    const asked = await rawChunks({ stream_options: { include_usage: true } });
    const usageChunk = asked[asked.length - 1];
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage).toEqual(usageChunk?.x_groq?.usage);
  });

  it('calls tools whole in one delta and takes only one choice', async () => {
    const chunks = await rawChunks({ messages: [{ role: 'user', content: 'weather please' }], tools: [weatherTool] });
    const calls = chunks.flatMap((chunk) => ((chunk.choices[0] as { delta?: { tool_calls?: Array<{ id: string; function: { arguments: string } }> } }).delta?.tool_calls ?? []));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.id).toMatch(/^[a-z0-9]{9}$/);
    expect(calls[0]?.function.arguments).toBe('{}');
    await expect(groq.chat.completions.create({ model: 'llama-3.1-8b-instant', n: 2, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 400 });
    const ids: string[] = [];
    for await (const model of groq.models.list()) ids.push(model.id);
    expect(ids.sort()).toEqual(['llama-3.1-8b-instant', 'llama-3.3-70b-versatile']);
  });
});

describe.skipIf(!HAS_CAPTURES)('against the recorded Groq responses', () => {
  const keys = (value: unknown): string[] => Object.keys(value as object).sort();

  it('has the fields of the recorded text and tool-call answers', async () => {
    const text = JSON.parse(readCapture('groq/groq-text.json')) as { usage: object; x_groq: object; choices: Array<{ message: object }> };
    const simulated = (await groq.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Invent a holiday' }] })) as unknown as typeof text;
    expect(keys(simulated)).toEqual(keys(text));
    expect(keys(simulated.usage)).toEqual(keys(text.usage));
    expect(keys(simulated.x_groq)).toEqual(keys(text.x_groq));
    expect(keys(simulated.choices[0])).toEqual(keys(text.choices[0]));
    expect(keys(simulated.choices[0]?.message)).toEqual(keys(text.choices[0]?.message));
    const tool = JSON.parse(readCapture('groq/groq-tool-call.json')) as { choices: Array<{ message: { tool_calls: object[] } }> };
    const called = (await groq.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'weather' }], tools: [weatherTool] })) as unknown as typeof tool;
    expect(keys(called.choices[0]?.message)).toEqual(keys(tool.choices[0]?.message));
    expect(keys(called.choices[0]?.message.tool_calls[0])).toEqual(keys(tool.choices[0]?.message.tool_calls[0]));
  });
});
