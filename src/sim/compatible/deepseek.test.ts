import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { startSimulator, type RunningSimulator } from '../index.js';

let sim: RunningSimulator;
let deepseek: OpenAI;

beforeAll(async () => {
  sim = await startSimulator();
  deepseek = new OpenAI({ baseURL: `${sim.url}/deepseek`, apiKey: 'sk-deepseek', maxRetries: 0 });
});
afterAll(async () => sim.close());

interface DeepSeekUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
  prompt_cache_hit_tokens: number;
  prompt_cache_miss_tokens: number;
}

const cookbook = (messages: Array<{ role: string; content: string }>): number => 3 + messages.reduce((sum, message) => sum + 3 + encode(message.role).length + encode(message.content).length, 0);
const weatherTool: OpenAI.Chat.ChatCompletionTool = { type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } } };

describe('DeepSeek chat', () => {
  it('splits the prompt into cache hits and misses that add up, with UUID ids, at /chat/completions and /v1', async () => {
    const messages = [{ role: 'user' as const, content: 'Invent a holiday.' }];
    const completion = await deepseek.chat.completions.create({ model: 'deepseek-chat', messages });
    expect(completion.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(completion.model).toBe('deepseek-chat');
    expect(completion.system_fingerprint).toMatch(/^[0-9a-f]{32}$/);
    const usage = completion.usage as unknown as DeepSeekUsage;
    const content = completion.choices[0]?.message.content ?? '';
    expect(usage).toEqual({
      prompt_tokens: cookbook(messages),
      completion_tokens: encode(content).length,
      total_tokens: cookbook(messages) + encode(content).length,
      prompt_tokens_details: { cached_tokens: 0 },
      prompt_cache_hit_tokens: 0,
      prompt_cache_miss_tokens: cookbook(messages),
    });
    const v1 = new OpenAI({ baseURL: `${sim.url}/deepseek/v1`, apiKey: 'sk-deepseek', maxRetries: 0 });
    expect((await v1.chat.completions.create({ model: 'deepseek-chat', messages })).choices[0]?.message.content).toBe(content);
  });

  it('caches repeated prefixes on disk in 64-token units, per key', async () => {
    const system = Array.from({ length: 60 }, (_, index) => `Rule ${index}: answer plainly.`).join(' ');
    const ask = (question: string, client = deepseek) => client.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'system', content: system }, { role: 'user', content: question }] });
    expect((((await ask('First?')).usage as unknown as DeepSeekUsage).prompt_cache_hit_tokens)).toBe(0);
    const usage = (await ask('Second?')).usage as unknown as DeepSeekUsage;
    expect(usage.prompt_cache_hit_tokens).toBeGreaterThan(0);
    expect(usage.prompt_cache_hit_tokens % 64).toBe(0);
    expect(usage.prompt_cache_hit_tokens + usage.prompt_cache_miss_tokens).toBe(usage.prompt_tokens);
    expect(usage.prompt_tokens_details.cached_tokens).toBe(usage.prompt_cache_hit_tokens);
    const other = new OpenAI({ baseURL: `${sim.url}/deepseek`, apiKey: 'sk-other', maxRetries: 0 });
    expect(((await ask('Second?', other)).usage as unknown as DeepSeekUsage).prompt_cache_hit_tokens).toBe(0);
  });

  it('deepseek-reasoner shows reasoning_content and bills it inside completion_tokens, sync and streamed', async () => {
    const messages = [{ role: 'user' as const, content: 'Why is the sky blue?' }];
    const completion = await deepseek.chat.completions.create({ model: 'deepseek-reasoner', messages }, { headers: { 'x-sim-output-tokens': '10' } });
    const message = completion.choices[0]?.message as unknown as { content: string; reasoning_content: string };
    const usage = completion.usage as unknown as DeepSeekUsage;
    const reasoning = encode(message.reasoning_content).length;
    expect(usage.completion_tokens_details?.reasoning_tokens).toBe(reasoning);
    expect(usage.completion_tokens).toBe(reasoning + encode(message.content).length);

    const stream = await deepseek.chat.completions.create({ model: 'deepseek-reasoner', messages, stream: true, stream_options: { include_usage: true } }, { headers: { 'x-sim-output-tokens': '10' } });
    let streamedReasoning = '';
    let streamedContent = '';
    let finalUsage: DeepSeekUsage | undefined;
    let sawContentBeforeReasoningEnded = false;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
      if (delta?.reasoning_content !== undefined) {
        if (streamedContent.length > 0) sawContentBeforeReasoningEnded = true;
        streamedReasoning += delta.reasoning_content;
      }
      streamedContent += delta?.content ?? '';
      if (chunk.usage) finalUsage = chunk.usage as unknown as DeepSeekUsage;
    }
    expect(sawContentBeforeReasoningEnded).toBe(false);
    expect(streamedReasoning).toBe(message.reasoning_content);
    expect(streamedContent).toBe(message.content);
    expect(finalUsage).toEqual(usage);
  });

  it('streams tool calls as argument fragments after a naming delta, and refuses json_schema', async () => {
    const stream = await deepseek.chat.completions.create({ model: 'deepseek-chat', stream: true, messages: [{ role: 'user', content: 'weather in Paris' }], tools: [weatherTool] });
    let name = '';
    let args = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      name += call?.function?.name ?? '';
      args += call?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('weather');
    expect(JSON.parse(args)).toHaveProperty('location');
    expect(finish).toBe('tool_calls');
    const sync = await deepseek.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'weather in Paris' }], tools: [weatherTool] });
    expect(sync.choices[0]?.message.tool_calls?.[0]?.id).toMatch(/^call_00_[A-Za-z0-9]{24}$/);
    expect(sync.choices[0]?.message.content).toBe('');
    await expect(
      deepseek.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('answers only its own models', async () => {
    await expect(deepseek.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 404, message: expect.stringContaining('Model Not Exist') as unknown });
    const ids: string[] = [];
    for await (const model of deepseek.models.list()) ids.push(model.id);
    expect(ids.sort()).toEqual(['deepseek-chat', 'deepseek-reasoner']);
  });
});

describe.skipIf(!HAS_CAPTURES)('against the recorded DeepSeek responses', () => {
  const keys = (value: unknown): string[] => Object.keys(value as object).sort();

  it('has the body, message and usage fields of the recorded text and tool-call answers', async () => {
    const text = JSON.parse(readCapture('deepseek/deepseek-text.json')) as Record<string, unknown> & { usage: object; choices: Array<{ message: object }> };
    const simulated = (await deepseek.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'Invent a holiday' }] })) as unknown as typeof text;
    expect(keys(simulated)).toEqual(keys(text));
    expect(keys(simulated.usage)).toEqual(keys(text.usage));
    expect(keys(simulated.choices[0])).toEqual(keys(text.choices[0]));
    expect(keys(simulated.choices[0]?.message)).toEqual(keys(text.choices[0]?.message));

    const tool = JSON.parse(readCapture('deepseek/deepseek-tool-call.json')) as { usage: object; choices: Array<{ message: { tool_calls: object[] } }> };
    const called = (await deepseek.chat.completions.create({ model: 'deepseek-reasoner', messages: [{ role: 'user', content: 'weather in San Francisco' }], tools: [weatherTool] })) as unknown as typeof tool;
    expect(keys(called.choices[0]?.message)).toEqual(keys(tool.choices[0]?.message));
    expect(keys(called.choices[0]?.message.tool_calls[0])).toEqual(keys(tool.choices[0]?.message.tool_calls[0]));
    expect(keys(called.usage)).toEqual(keys(tool.usage));
  });
});
