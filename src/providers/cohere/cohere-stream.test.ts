import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../http/sse-splitter.js';
import { CohereStreamTracker } from './cohere-stream-tracker.js';
import { CohereStreamParser } from './translate-cohere-stream.js';

const event = (data: unknown, name?: string): SseEvent => ({ raw: '', event: name, data: JSON.stringify(data) });

describe('CohereStreamParser', () => {
  it('thinking content becomes reasoning; a call that streamed no arguments gets {}', () => {
    const parser = new CohereStreamParser();
    const deltas = [
      event({ type: 'message-start', id: 'm1' }),
      event({ type: 'content-start', index: 0, delta: { message: { content: { type: 'thinking', thinking: '' } } } }),
      event({ type: 'content-delta', index: 0, delta: { message: { content: { thinking: 'Hmm.' } } } }),
      event({ type: 'tool-call-start', index: 0, delta: { message: { tool_calls: { id: 'now_1', type: 'function', function: { name: 'now', arguments: '' } } } } }),
      event({ type: 'tool-call-end', index: 0 }),
      event({ type: 'message-end', delta: { finish_reason: 'TOOL_CALL', usage: { billed_units: { input_tokens: 3, output_tokens: 4 } } } }),
    ].flatMap((item) => parser.push(item));
    expect(deltas).toEqual([
      { type: 'message-start', id: 'm1', model: '' },
      { type: 'reasoning-delta', choice: 0, text: 'Hmm.' },
      { type: 'tool-call-start', choice: 0, index: 0, id: 'now_1', name: 'now' },
      { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '{}' },
      { type: 'tool-call-end', choice: 0, index: 0 },
      { type: 'finish', choice: 0, reason: 'tool_calls', rawReason: 'TOOL_CALL' },
    ]);
    expect(parser.finish()).toEqual([{ type: 'usage', usage: expect.objectContaining({ input: expect.objectContaining({ total: 3 }) }) }]);
  });

  it('a stream without message-end is not complete; one ended by ERROR reports it', () => {
    const cut = new CohereStreamParser();
    cut.push(event({ type: 'content-delta', index: 0, delta: { message: { content: { text: 'Hal' } } } }));
    expect(cut.isComplete()).toBe(false);
    expect(cut.finish()).toEqual([]);
    const failed = new CohereStreamParser();
    expect(failed.push(event({ type: 'message-end', delta: { finish_reason: 'ERROR', error: 'internal' } }))).toEqual([
      { type: 'error', message: 'internal', code: 'ERROR' },
      { type: 'finish', choice: 0, reason: 'error', rawReason: 'ERROR' },
    ]);
  });
});

describe('CohereStreamTracker', () => {
  it('a message-end with finish ERROR is a failure', () => {
    const tracker = new CohereStreamTracker();
    const observation = tracker.observe(event({ type: 'message-end', delta: { finish_reason: 'ERROR', error: 'boom' } }, 'message-end'));
    expect(observation).toMatchObject({ isTerminal: true, failure: { errorClass: 'server_error', status: null, message: 'boom', providerCode: 'ERROR' } });
  });

  it('ignores comments and data it cannot read', () => {
    const tracker = new CohereStreamTracker();
    expect(tracker.observe({ raw: ': ping\n\n', event: undefined, data: undefined })).toEqual({ isUsageOnly: false, carriesFinalUsage: false, isTerminal: false });
    expect(tracker.observe({ raw: '', event: undefined, data: 'not json' })).toEqual({ isUsageOnly: false, carriesFinalUsage: false, isTerminal: false });
  });
});
