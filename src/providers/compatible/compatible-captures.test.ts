/**
 * Every recorded DeepSeek, Mistral, Groq and xAI answer through its adapter: usage exactly as
 * PROVENANCE.md lists it, tool calls and finish reasons (whole answers through the translated lane,
 * streams through both the same-dialect tracker and the translated parser).
 */
import { describe, expect, it } from 'vitest';
import type { StreamDelta } from '../../core/chat.js';
import { checkUsage } from '../../core/usage.js';
import { HAS_CAPTURES, chunksToSse, readCapture } from '../../../test/helpers/captures.js';
import type { ProviderAdapter } from '../adapter.js';
import { SseSplitter, type SseEvent } from '../http/sse-splitter.js';
import { deepSeekAdapter } from './deepseek.js';
import { groqAdapter } from './groq.js';
import { mistralAdapter } from './mistral.js';
import { xaiAdapter } from './xai.js';

const json = (path: string): unknown => JSON.parse(readCapture(path));
const events = (path: string): SseEvent[] => new SseSplitter().push(chunksToSse(readCapture(path)));

function streamed(adapter: ProviderAdapter, path: string): { deltas: StreamDelta[]; complete: boolean } {
  const parser = adapter.translated.streamParser();
  const deltas = events(path).flatMap((event) => parser.push(event));
  deltas.push(...parser.finish());
  return { deltas, complete: parser.isComplete() };
}

const joined = (deltas: StreamDelta[], type: 'text-delta' | 'reasoning-delta') =>
  deltas.map((delta) => (delta.type === type ? delta.text : '')).join('');

describe.skipIf(!HAS_CAPTURES)('DeepSeek captures', () => {
  it.each([
    // capture, prompt, hit, miss, completion, reasoning, finish
    ['deepseek/deepseek-text.json', 22, 0, 22, 93, 0, 'stop'],
    ['deepseek/deepseek-tool-call.json', 374, 0, 374, 60, 16, 'tool_calls'],
    ['deepseek/issue-19789-live-usage.json', 88, 0, 88, 4, 4, 'length'],
  ] as const)('%s', (path, prompt, hit, miss, completion, reasoning, finish) => {
    const body = json(path);
    const usage = deepSeekAdapter.chat.usageFromBody(body);
    if (!usage) throw new Error('no usage');
    expect(checkUsage(usage)).toEqual([]);
    expect(usage.input).toMatchObject({ total: prompt, noCache: miss, cacheRead: hit, cacheWrite5m: 0 });
    expect(usage.output).toEqual({ total: completion, text: completion - reasoning, reasoning });
    const response = deepSeekAdapter.translated.parseResponse(body);
    expect(response.usage).toEqual(usage);
    expect(response.choices[0]?.finishReason).toBe(finish);
  });

  it('deepseek-tool-call.json: the call and its reasoning_content', () => {
    const [choice] = deepSeekAdapter.translated.parseResponse(json('deepseek/deepseek-tool-call.json')).choices;
    expect(choice?.toolCalls).toEqual([{ id: 'call_00_lCIkdHRa7AKmCG3TlxXz1061', name: 'weather', arguments: '{"location": "San Francisco"}' }]);
    expect(choice?.reasoning).toEqual([{ text: "The user asks about weather in San Francisco. I'll call the weather tool." }]);
  });
});

describe.skipIf(!HAS_CAPTURES)('Mistral captures', () => {
  it('mistral-text.json: 13 in / 434 out, stop', () => {
    const body = json('mistral/mistral-text.json');
    expect(mistralAdapter.chat.usageFromBody(body)).toMatchObject({ input: { total: 13, noCache: 13 }, output: { total: 434, text: 434, reasoning: 0 } });
    const response = mistralAdapter.translated.parseResponse(body);
    expect(response.model).toBe('mistral-small-latest');
    expect(response.choices[0]).toMatchObject({ finishReason: 'stop', toolCalls: [] });
  });

  it('mistral-tool-call.json: 124 / 22, one call', () => {
    const body = json('mistral/mistral-tool-call.json');
    expect(mistralAdapter.chat.usageFromBody(body)).toMatchObject({ input: { total: 124 }, output: { total: 22 } });
    expect(mistralAdapter.translated.parseResponse(body).choices[0]).toMatchObject({
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'gSIMJiOkT', name: 'weather', arguments: '{"location": "San Francisco"}' }],
    });
  });

  it('mistral-tool-call.chunks.txt: usage rides on the chunk with the call, which is never marked usage-only', () => {
    const tracker = mistralAdapter.chat.trackStream();
    const observations = events('mistral/mistral-tool-call.chunks.txt').map((event) => tracker.observe(event));
    expect(observations[1]).toMatchObject({ isUsageOnly: false, carriesFinalUsage: true, isTerminal: false });
    // The call lacks OpenAI's index and type; the relay hands clients the chunk with both added, nothing else changed.
    const rewritten = JSON.parse(observations[1]?.rewrittenData ?? '{}') as { choices: Array<{ delta: { tool_calls: unknown[] } }>; usage: unknown };
    expect(rewritten.choices[0]?.delta.tool_calls[0]).toMatchObject({ index: 0, type: 'function', id: 'gSIMJiOkT' });
    expect(rewritten.usage).toEqual({ prompt_tokens: 124, total_tokens: 146, completion_tokens: 22 });
    expect(observations.at(-1)?.isTerminal).toBe(true);
    expect(tracker.usage()).toMatchObject({ input: { total: 124 }, output: { total: 22 } });
    expect(tracker.producedText()).toContain('San Francisco');

    const { deltas, complete } = streamed(mistralAdapter, 'mistral/mistral-tool-call.chunks.txt');
    expect(deltas.filter((delta) => delta.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: 'gSIMJiOkT', name: 'weather' },
      { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '{"location": "San Francisco"}' },
      { type: 'tool-call-end', choice: 0, index: 0 },
    ]);
    expect(deltas.find((delta) => delta.type === 'finish')).toMatchObject({ reason: 'tool_calls' });
    expect(deltas.find((delta) => delta.type === 'usage')).toMatchObject({ usage: { input: { total: 124 }, output: { total: 22 } } });
    expect(complete).toBe(true);
  });
});

describe.skipIf(!HAS_CAPTURES)('Groq captures', () => {
  it.each([
    ['groq/groq-text.json', 45, 607, 'stop'],
    ['groq/groq-tool-call.json', 218, 15, 'tool_calls'],
  ] as const)('%s', (path, prompt, completion, finish) => {
    const body = json(path);
    const usage = groqAdapter.chat.usageFromBody(body);
    expect(usage).toMatchObject({ input: { total: prompt, noCache: prompt }, output: { total: completion, text: completion }, serviceTier: 'on_demand' });
    expect((usage?.raw as { queue_time?: number }).queue_time).toBeGreaterThan(0);
    expect(groqAdapter.translated.parseResponse(body).choices[0]?.finishReason).toBe(finish);
  });

  it('groq-tool-call.json: a call with empty arguments', () => {
    expect(groqAdapter.translated.parseResponse(json('groq/groq-tool-call.json')).choices[0]?.toolCalls).toEqual([{ id: 'ax9fskhev', name: 'weather', arguments: '{}' }]);
  });
});

describe.skipIf(!HAS_CAPTURES)('xAI captures', () => {
  it.each([
    // capture, prompt, cached, completion, reasoning, total
    ['xai/xai-text.chunks.txt', 12, 11, 1, 290, 303],
    ['xai/xai-tool-call.chunks.txt', 291, 290, 26, 196, 513],
  ] as const)('%s: reasoning counted beside completion_tokens, cost ticks kept raw', (path, prompt, cached, completion, reasoning, total) => {
    const tracker = xaiAdapter.chat.trackStream();
    const observations = events(path).map((event) => tracker.observe(event));
    const usage = tracker.usage();
    if (!usage) throw new Error('no usage');
    expect(checkUsage(usage)).toEqual([]);
    expect(usage.input).toMatchObject({ total: prompt, noCache: prompt - cached, cacheRead: cached });
    expect(usage.output).toEqual({ total: completion + reasoning, text: completion, reasoning });
    expect(usage.input.total + usage.output.total).toBe(total);
    expect((usage.raw as { cost_in_usd_ticks?: number }).cost_in_usd_ticks).toBeGreaterThan(0);
    // the usage chunk has empty choices: usage-only, withheld when the client did not ask for usage
    expect(observations.at(-2)).toEqual({ isUsageOnly: true, carriesFinalUsage: true, isTerminal: false });
  });

  it('xai-text.chunks.txt through the translated parser: reasoning, then text, stop', () => {
    const { deltas, complete } = streamed(xaiAdapter, 'xai/xai-text.chunks.txt');
    expect(joined(deltas, 'reasoning-delta')).toBe('First, the user said');
    expect(joined(deltas, 'text-delta')).toBe('Hello');
    expect(deltas.find((delta) => delta.type === 'finish')).toMatchObject({ reason: 'stop' });
    expect(deltas.find((delta) => delta.type === 'usage')).toMatchObject({ usage: { output: { reasoning: 290, text: 1 } } });
    expect(complete).toBe(true);
  });

  it('xai-tool-call.chunks.txt through the translated parser: one whole call, tool_calls', () => {
    const { deltas } = streamed(xaiAdapter, 'xai/xai-tool-call.chunks.txt');
    expect(deltas.find((delta) => delta.type === 'tool-call-start')).toMatchObject({ id: 'call_55117580', name: 'weather', index: 0 });
    expect(deltas.find((delta) => delta.type === 'finish')).toMatchObject({ reason: 'tool_calls' });
  });
});
