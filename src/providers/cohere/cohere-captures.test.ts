/**
 * Every recorded Cohere answer through the adapter: usage as PROVENANCE.md lists it (billed units
 * only), tool calls, finish reasons, through the whole-answer translation, the translated stream
 * parser and the same-dialect stream tracker.
 */
import { describe, expect, it } from 'vitest';
import type { StreamDelta } from '../../core/chat.js';
import { checkUsage } from '../../core/usage.js';
import { HAS_CAPTURES, chunksToSse, readCapture } from '../../../test/helpers/captures.js';
import { SseSplitter, type SseEvent } from '../http/sse-splitter.js';
import { createCohereAdapter } from './cohere-adapter.js';

const adapter = createCohereAdapter({ now: () => 0 });
const json = (name: string): unknown => JSON.parse(readCapture(`cohere/${name}`));
const events = (name: string): SseEvent[] => new SseSplitter().push(chunksToSse(readCapture(`cohere/${name}`), { done: false }));

function streamed(name: string): { deltas: StreamDelta[]; complete: boolean } {
  const parser = adapter.translated.streamParser();
  const deltas = events(name).flatMap((event) => parser.push(event));
  deltas.push(...parser.finish());
  return { deltas, complete: parser.isComplete() };
}

describe.skipIf(!HAS_CAPTURES)('Cohere captures', () => {
  it('cohere-text.json: billed 12 in / 7 out; processing tokens and cached_tokens stay raw', () => {
    const body = json('cohere-text.json');
    const usage = adapter.chat.usageFromBody(body);
    expect(usage).toMatchObject({ input: { total: 12, noCache: 12, cacheRead: 0 }, output: { total: 7, text: 7, reasoning: 0 } });
    expect(usage && checkUsage(usage)).toEqual([]);
    expect(usage?.raw).toMatchObject({ tokens: { input_tokens: 507, output_tokens: 10 }, cached_tokens: 448 });
    const response = adapter.translated.parseResponse(body);
    expect(response).toMatchObject({ id: 'e7592632-1e3d-424f-b129-bd5f9f980f7b', model: '' });
    expect(response.choices).toEqual([{ index: 0, text: 'The capital of France is Paris.', toolCalls: [], reasoning: [], finishReason: 'stop', rawFinishReason: 'COMPLETE' }]);
  });

  it('cohere-tool-call.json: two tool calls, the tool plan as reasoning, billed 119 / 52', () => {
    const response = adapter.translated.parseResponse(json('cohere-tool-call.json'));
    const [choice] = response.choices;
    expect(choice?.toolCalls).toEqual([
      { id: 'weather_dqgshstja6p9', name: 'weather', arguments: '{"location":"San Francisco"}' },
      { id: 'cityAttractions_dcxfx4myvx68', name: 'cityAttractions', arguments: '{"city":"San Francisco"}' },
    ]);
    expect(choice?.finishReason).toBe('tool_calls');
    expect(choice?.reasoning[0]?.text).toMatch(/^I will use the weather tool/);
    expect(response.usage).toMatchObject({ input: { total: 119 }, output: { total: 52 } });
  });

  it('cohere-text.chunks.txt: text deltas, a stop finish, usage from message-end', () => {
    const { deltas, complete } = streamed('cohere-text.chunks.txt');
    expect(deltas[0]).toEqual({ type: 'message-start', id: '321d178c-2c12-44d3-ae42-2f5510f6b1cc', model: '' });
    expect(deltas.filter((delta) => delta.type === 'text-delta').map((delta) => (delta.type === 'text-delta' ? delta.text : '')).join('')).toBe('The capital of France is Paris.');
    expect(deltas.filter((delta) => delta.type === 'finish')).toEqual([{ type: 'finish', choice: 0, reason: 'stop', rawReason: 'COMPLETE' }]);
    expect(deltas.at(-1)).toMatchObject({ type: 'usage', usage: { input: { total: 12 }, output: { total: 7 } } });
    expect(complete).toBe(true);
  });

  it('cohere-tool-call.chunks.txt: the plan as reasoning, both calls by their index, billed 119 / 44', () => {
    const { deltas } = streamed('cohere-tool-call.chunks.txt');
    const plan = deltas.map((delta) => (delta.type === 'reasoning-delta' ? delta.text : '')).join('');
    expect(plan).toBe('I will use the weather tool to find the weather in San Francisco and the cityAttractions tool to find attractions in San Francisco.');
    const argumentsOf = (index: number) => deltas.map((delta) => (delta.type === 'tool-call-delta' && delta.index === index ? delta.argumentsDelta : '')).join('');
    expect(deltas.filter((delta) => delta.type === 'tool-call-start')).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: 'weather_e8p4pn45zt0t', name: 'weather' },
      { type: 'tool-call-start', choice: 0, index: 1, id: 'cityAttractions_pyxssbwnq9fq', name: 'cityAttractions' },
    ]);
    expect(argumentsOf(0)).toBe('{"location": "San Francisco"}');
    expect(argumentsOf(1)).toBe('{"city": "San Francisco"}');
    expect(deltas.filter((delta) => delta.type === 'tool-call-end')).toHaveLength(2);
    expect(deltas.find((delta) => delta.type === 'finish')).toEqual({ type: 'finish', choice: 0, reason: 'tool_calls', rawReason: 'TOOL_CALL' });
    expect(deltas.at(-1)).toMatchObject({ type: 'usage', usage: { input: { total: 119 }, output: { total: 44 }, raw: { cached_tokens: 1504 } } });
  });

  it.each(['cohere-text.chunks.txt', 'cohere-tool-call.chunks.txt'])('%s through the same-dialect tracker: message-end is final and terminal', (name) => {
    const tracker = adapter.chat.trackStream();
    const observations = events(name).map((event) => tracker.observe(event));
    const last = observations.at(-1);
    expect(last).toEqual({ isUsageOnly: false, carriesFinalUsage: true, isTerminal: true });
    expect(observations.slice(0, -1).every((observation) => !observation.carriesFinalUsage && !observation.isTerminal)).toBe(true);
    expect(tracker.usage()?.input.total).toBe(name === 'cohere-text.chunks.txt' ? 12 : 119);
    expect(tracker.producedText()).toContain(name === 'cohere-text.chunks.txt' ? 'Paris.' : 'cityAttractions');
  });
});
