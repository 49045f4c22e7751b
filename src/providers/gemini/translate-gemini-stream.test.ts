import { describe, expect, it } from 'vitest';
import type { StreamDelta } from '../../core/chat.js';
import { HAS_CAPTURES, chunksToSse, readCapture } from '../../../test/helpers/captures.js';
import { SseSplitter, type SseEvent } from '../http/sse-splitter.js';
import { translateGeminiResponse } from './translate-gemini-response.js';
import { GeminiStreamParser } from './translate-gemini-stream.js';

function events(name: string): SseEvent[] {
  return new SseSplitter().push(chunksToSse(readCapture(`google/${name}`), { done: false }));
}

function run(name: string): { deltas: StreamDelta[]; parser: GeminiStreamParser } {
  const parser = new GeminiStreamParser();
  const deltas = events(name).flatMap((event) => parser.push(event));
  deltas.push(...parser.finish());
  return { deltas, parser };
}

const textOf = (deltas: StreamDelta[]) => deltas.map((delta) => (delta.type === 'text-delta' ? delta.text : '')).join('');

describe.skipIf(!HAS_CAPTURES)('GeminiStreamParser on the recorded streams', () => {
  it('google-text.chunks.txt: text in order, the last running usage (not a sum), a stop finish', () => {
    const { deltas, parser } = run('google-text.chunks.txt');
    expect(deltas[0]).toEqual({ type: 'message-start', id: 'bH6LaZW8Fp_3nsEPqtaSwQ4', model: 'gemini-3-pro-preview' });
    expect(textOf(deltas)).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(deltas.filter((delta) => delta.type === 'finish')).toEqual([{ type: 'finish', choice: 0, reason: 'stop', rawReason: 'STOP' }]);
    expect(deltas.find((delta) => delta.type === 'reasoning-delta')).toMatchObject({ text: '', signature: expect.stringMatching(/^EqsFCqgFAb4/) });
    const usage = parser.usage();
    expect(usage?.input.total).toBe(9);
    expect(usage?.output).toEqual({ total: 208, text: 23, reasoning: 185 });
    expect(deltas.at(-1)).toEqual({ type: 'usage', usage });
    expect(parser.isComplete()).toBe(true);
  });

  it('google-reasoning.chunks.txt: final prompt 9 / candidates 29 / thoughts 256', () => {
    const { deltas, parser } = run('google-reasoning.chunks.txt');
    expect(textOf(deltas)).toBe('There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.');
    expect(parser.usage()?.output).toEqual({ total: 285, text: 29, reasoning: 256 });
    expect((parser.usage()?.input.total ?? 0) + (parser.usage()?.output.total ?? 0)).toBe(294);
  });

  it('google-tool-call.chunks.txt: the whole call as start + delta + end, with the id the whole answer would get', () => {
    const { deltas, parser } = run('google-tool-call.chunks.txt');
    const calls = deltas.filter((delta) => delta.type.startsWith('tool-call'));
    expect(calls).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: expect.stringMatching(/^call_/), name: 'weather' },
      { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '{"location":"San Francisco"}' },
      { type: 'tool-call-end', choice: 0, index: 0 },
    ]);
    expect(deltas.filter((delta) => delta.type === 'finish')).toEqual([{ type: 'finish', choice: 0, reason: 'tool_calls', rawReason: 'STOP' }]);
    expect(parser.usage()).toMatchObject({ input: { total: 29 }, output: { text: 15, reasoning: 45 } });

    // The same answer unstreamed: its parts joined into one response yield the same tool call id.
    const chunks = readCapture('google/google-tool-call.chunks.txt').trim().split('\n').map((line) => JSON.parse(line) as { responseId: string; candidates: Array<{ content: { parts: unknown[] } }> });
    const whole = { ...chunks[1], candidates: [{ index: 0, finishReason: 'STOP', content: { role: 'model', parts: chunks.flatMap((chunk) => chunk.candidates[0]?.content.parts ?? []) } }] };
    const start = calls[0];
    expect(start?.type === 'tool-call-start' ? start.id : '').toBe(translateGeminiResponse(whole, () => new Date(0)).choices[0]?.toolCalls[0]?.id);
  });

  it('google-usage-raw-live.chunks.txt (stored with its data: prefix): a usage-only chunk', () => {
    const { deltas, parser } = run('google-usage-raw-live.chunks.txt');
    expect(parser.usage()).toMatchObject({ input: { noCache: 73, cacheRead: 4, toolUse: 65, total: 77 }, output: { text: 71, reasoning: 89 }, serviceTier: 'standard' });
    expect(deltas.map((delta) => delta.type)).toEqual(['message-start', 'usage']);
    expect(parser.isComplete()).toBe(false);
  });
});

describe('GeminiStreamParser', () => {
  it('reports an in-band error and is then not complete', () => {
    const parser = new GeminiStreamParser();
    const deltas = parser.push({ raw: '', event: undefined, data: '{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}' });
    expect(deltas).toEqual([{ type: 'error', message: 'The model is overloaded.', code: 'UNAVAILABLE' }]);
    expect(parser.isComplete()).toBe(false);
  });

  it('is complete only once every candidate has finished', () => {
    const parser = new GeminiStreamParser();
    const chunk = (candidates: unknown[]) => ({ raw: '', event: undefined, data: JSON.stringify({ responseId: 'x', candidates }) });
    parser.push(chunk([{ index: 0, content: { parts: [{ text: 'a' }] } }, { index: 1, content: { parts: [{ text: 'b' }] } }]));
    parser.push(chunk([{ index: 0, finishReason: 'STOP', content: { parts: [] } }]));
    expect(parser.isComplete()).toBe(false);
    parser.push(chunk([{ index: 1, finishReason: 'MAX_TOKENS', content: { parts: [] } }]));
    expect(parser.isComplete()).toBe(true);
  });
});
