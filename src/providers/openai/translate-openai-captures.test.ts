/**
 * Recorded OpenAI-format answers (OpenAI, Mistral, xAI, Groq, DeepSeek) through the OpenAI
 * translation lane: text, reasoning, tool calls (Mistral's index-less ones too), finish reasons
 * and usage through the default converter, or the one an adapter's options name.
 */
import { describe, expect, it } from 'vitest';
import type { StreamDelta } from '../../core/chat.js';
import { checkUsage } from '../../core/usage.js';
import { HAS_CAPTURES, chunksToSse, readCapture } from '../../../test/helpers/captures.js';
import type { ProviderAdapter } from '../adapter.js';
import { SseSplitter } from '../http/sse-splitter.js';
import { createOpenAICompatibleAdapter, openAIAdapter } from './openai-adapter.js';

function stream(adapter: ProviderAdapter, path: string): { deltas: StreamDelta[]; parser: ReturnType<ProviderAdapter['translated']['streamParser']> } {
  const parser = adapter.translated.streamParser();
  const deltas = new SseSplitter().push(chunksToSse(readCapture(path))).flatMap((event) => parser.push(event));
  deltas.push(...parser.finish());
  return { deltas, parser };
}

const joined = (deltas: StreamDelta[], type: 'text-delta' | 'reasoning-delta'): string =>
  deltas.map((delta) => (delta.type === type ? delta.text : '')).join('');

describe.skipIf(!HAS_CAPTURES)('OpenAI-format captures through the translated parser', () => {
  it('openai-chat/openai-text.json: text, stop, 16 in / 363 out, service tier kept', () => {
    const response = openAIAdapter.translated.parseResponse(JSON.parse(readCapture('openai-chat/openai-text.json')));
    expect(response).toMatchObject({ id: 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU', model: 'gpt-4.1-nano-2025-04-14' });
    expect(response.createdAt.toISOString()).toBe(new Date(1770933883 * 1000).toISOString());
    const choice = response.choices[0];
    expect(choice?.text.startsWith('**Holiday Name:** Galaxy Day')).toBe(true);
    expect(choice?.finishReason).toBe('stop');
    expect(response.usage?.input).toEqual({ total: 16, noCache: 16, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });
    expect(response.usage?.output).toEqual({ total: 363, text: 363, reasoning: 0 });
    expect(response.usage?.serviceTier).toBe('default');
  });

  it.each([
    ['mistral/mistral-text.json', 13, 434, 'stop'],
    ['groq/groq-text.json', 45, 607, 'stop'],
    ['deepseek/deepseek-text.json', 22, 93, 'stop'],
    ['deepseek/issue-19789-live-usage.json', 88, 4, 'length'],
  ] as const)('%s: %i in / %i out, %s', (path, prompt, completion, finish) => {
    const response = openAIAdapter.translated.parseResponse(JSON.parse(readCapture(path)));
    expect(response.usage?.input.total).toBe(prompt);
    expect(response.usage?.output.total).toBe(completion);
    expect(response.choices[0]?.finishReason).toBe(finish);
    expect(response.choices[0]?.text.length).toBeGreaterThan(0);
    if (response.usage) expect(checkUsage(response.usage)).toEqual([]);
  });

  it('tool calls: Mistral (no type), Groq (arguments {}), DeepSeek (reasoning_content beside the call)', () => {
    const mistral = openAIAdapter.translated.parseResponse(JSON.parse(readCapture('mistral/mistral-tool-call.json'))).choices[0];
    expect(mistral?.toolCalls).toEqual([{ id: 'gSIMJiOkT', name: 'weather', arguments: '{"location": "San Francisco"}' }]);
    expect(mistral?.finishReason).toBe('tool_calls');
    const groq = openAIAdapter.translated.parseResponse(JSON.parse(readCapture('groq/groq-tool-call.json')));
    expect(groq.choices[0]?.toolCalls).toEqual([{ id: 'ax9fskhev', name: 'weather', arguments: '{}' }]);
    expect(groq.choices[0]?.text).toBe('');
    expect(groq.usage?.input.total).toBe(218);
    const deepseek = openAIAdapter.translated.parseResponse(JSON.parse(readCapture('deepseek/deepseek-tool-call.json'))).choices[0];
    expect(deepseek?.reasoning).toEqual([{ text: "The user asks about weather in San Francisco. I'll call the weather tool." }]);
    expect(deepseek?.toolCalls[0]).toEqual({ id: 'call_00_lCIkdHRa7AKmCG3TlxXz1061', name: 'weather', arguments: '{"location": "San Francisco"}' });
  });

  it('mistral-tool-call.chunks.txt: a whole call without an index gets index 0, ends before the finish; usage in the same chunk', () => {
    const { deltas, parser } = stream(openAIAdapter, 'mistral/mistral-tool-call.chunks.txt');
    expect(deltas.filter((delta) => delta.type !== 'text-delta')).toEqual([
      { type: 'message-start', id: 'b3999b8c93e04e11bcbff7bcab829667', model: 'mistral-small-latest' },
      { type: 'tool-call-start', choice: 0, index: 0, id: 'gSIMJiOkT', name: 'weather' },
      { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '{"location": "San Francisco"}' },
      { type: 'tool-call-end', choice: 0, index: 0 },
      { type: 'finish', choice: 0, reason: 'tool_calls', rawReason: 'tool_calls' },
      { type: 'usage', usage: parser.usage() },
    ]);
    expect(parser.usage()?.input.total).toBe(124);
    expect(parser.usage()?.output.total).toBe(22);
    expect(parser.isComplete()).toBe(true);
  });

  it('xai-text.chunks.txt: reasoning_content → reasoning deltas; the adapter\'s own usage options count reasoning beside completion', () => {
    const xai = createOpenAICompatibleAdapter({ type: 'xai', defaultBaseUrl: 'https://api.x.ai/v1', usage: { reasoningOutsideCompletion: true } });
    const { deltas, parser } = stream(xai, 'xai/xai-text.chunks.txt');
    expect(joined(deltas, 'reasoning-delta')).toBe('First, the user said');
    expect(joined(deltas, 'text-delta')).toBe('Hello');
    expect(deltas.find((delta) => delta.type === 'finish')).toEqual({ type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' });
    expect(parser.usage()?.input).toEqual({ total: 12, noCache: 1, cacheRead: 11, cacheWrite5m: 0, cacheWrite1h: 0 });
    expect(parser.usage()?.output).toEqual({ total: 291, text: 1, reasoning: 290 });
    // The same stream through the default converter, which takes reasoning as part of completion_tokens.
    expect(stream(openAIAdapter, 'xai/xai-text.chunks.txt').parser.usage()?.output).toEqual({ total: 290, text: 0, reasoning: 290 });
  });

  it('xai-tool-call.chunks.txt: one whole call with its index, finish tool_calls, usage after the finish', () => {
    const { deltas, parser } = stream(openAIAdapter, 'xai/xai-tool-call.chunks.txt');
    expect(deltas.filter((delta) => delta.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: 'call_55117580', name: 'weather' },
      { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '{"location":"San Francisco"}' },
      { type: 'tool-call-end', choice: 0, index: 0 },
    ]);
    const order = deltas.map((delta) => delta.type);
    expect(order.indexOf('finish')).toBeLessThan(order.indexOf('usage'));
    expect(parser.usage()?.input.cacheRead).toBe(290);
  });
});
