import { describe, expect, it } from 'vitest';
import { parseSseEvent, type SseEvent } from '../http/sse-splitter.js';
import { AnthropicStreamTracker } from './anthropic-stream-tracker.js';

function event(name: string, data: Record<string, unknown>): SseEvent {
  const parsed = parseSseEvent(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  if (!parsed) throw new Error('bad event');
  return parsed;
}

describe('AnthropicStreamTracker', () => {
  it('marks message_delta as carrying the final usage and message_stop as terminal; content passes unparsed', () => {
    const tracker = new AnthropicStreamTracker();
    const start = tracker.observe(event('message_start', { type: 'message_start', message: { model: 'claude-haiku-4-5', usage: { input_tokens: 5, cache_read_input_tokens: 100, output_tokens: 1 } } }));
    expect(start).toEqual({ isUsageOnly: false, carriesFinalUsage: false, isTerminal: false, model: 'claude-haiku-4-5' });
    const delta = tracker.observe(event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hm' } }));
    expect(delta).toEqual({ isUsageOnly: false, carriesFinalUsage: false, isTerminal: false });
    expect(tracker.observe(event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 12 } })).carriesFinalUsage).toBe(true);
    expect(tracker.observe(event('message_stop', { type: 'message_stop' })).isTerminal).toBe(true);
    expect(tracker.usage()?.input).toEqual({ total: 105, noCache: 5, cacheRead: 100, cacheWrite5m: 0, cacheWrite1h: 0 });
    expect(tracker.usage()?.output.total).toBe(12);
    expect(tracker.producedText()).toBe('hm');
  });

  it('reports `event: error` as a failure classified by its type', () => {
    const tracker = new AnthropicStreamTracker();
    const observation = tracker.observe(event('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    expect(observation.failure).toEqual({ errorClass: 'overloaded', status: null, message: 'Overloaded', providerCode: 'overloaded_error' });
    expect(tracker.usage()).toBeUndefined();
  });
});
