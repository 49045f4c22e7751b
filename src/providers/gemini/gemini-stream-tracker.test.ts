import { describe, expect, it } from 'vitest';
import { HAS_CAPTURES, chunksToSse, readCapture } from '../../../test/helpers/captures.js';
import { SseSplitter } from '../http/sse-splitter.js';
import { GeminiStreamTracker } from './gemini-stream-tracker.js';

const observe = (name: string) => {
  const tracker = new GeminiStreamTracker(() => 0);
  const observations = new SseSplitter().push(chunksToSse(readCapture(`google/${name}`), { done: false })).map((event) => tracker.observe(event));
  return { tracker, observations };
};

describe.skipIf(!HAS_CAPTURES)('GeminiStreamTracker on the recorded streams (same-dialect relay)', () => {
  it('google-text.chunks.txt: the model once, the final usage only on the finishing chunk, nothing withheld', () => {
    const { tracker, observations } = observe('google-text.chunks.txt');
    expect(observations.map((observation) => observation.model)).toEqual(['gemini-3-pro-preview', undefined, undefined]);
    expect(observations.map((observation) => observation.carriesFinalUsage)).toEqual([false, false, true]);
    expect(observations.every((observation) => !observation.isUsageOnly && !observation.isTerminal && !observation.failure)).toBe(true);
    expect(tracker.usage()).toMatchObject({ input: { total: 9 }, output: { text: 23, reasoning: 185 } });
    expect(tracker.producedText()).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
  });

  it('google-tool-call.chunks.txt: the call text is kept for estimates, usage from the last chunk', () => {
    const { tracker } = observe('google-tool-call.chunks.txt');
    expect(tracker.producedText()).toContain('"name":"weather"');
    expect(tracker.usage()?.output).toEqual({ total: 60, text: 15, reasoning: 45 });
  });

  it('google-usage-raw-live.chunks.txt: a usage-only chunk carries the final usage', () => {
    const { tracker, observations } = observe('google-usage-raw-live.chunks.txt');
    expect(observations).toEqual([{ isUsageOnly: true, carriesFinalUsage: true, isTerminal: false }]);
    expect(tracker.usage()?.input).toMatchObject({ total: 77, cacheRead: 4, toolUse: 65 });
  });
});

describe('GeminiStreamTracker', () => {
  it('turns an in-band error into a failure with no HTTP status', () => {
    const tracker = new GeminiStreamTracker(() => 0);
    const observation = tracker.observe({ raw: '', event: undefined, data: '{"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}' });
    expect(observation.failure).toEqual({ errorClass: 'overloaded', status: null, message: 'overloaded', providerCode: 'UNAVAILABLE' });
    expect(tracker.usage()).toBeUndefined();
    const limited = tracker.observe({ raw: '', event: undefined, data: '{"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED"}}' });
    expect(limited.failure?.errorClass).toBe('rate_limit');
  });
});
