import { describe, expect, it } from 'vitest';
import type { StreamDelta } from '../../core/chat.js';
import { parseSseEvent, type SseEvent } from '../http/sse-splitter.js';
import { AnthropicTranslatedStreamParser } from './translate-anthropic-stream.js';
import { RESPONSE_FORMAT_TOOL } from './translate-anthropic-tools.js';

function events(...payloads: Array<Record<string, unknown>>): SseEvent[] {
  return payloads.map((payload) => {
    const event = parseSseEvent(`event: ${String(payload.type)}\ndata: ${JSON.stringify(payload)}\n\n`);
    if (!event) throw new Error('bad event');
    return event;
  });
}

function run(parser: AnthropicTranslatedStreamParser, stream: SseEvent[]): StreamDelta[] {
  return [...stream.flatMap((event) => parser.push(event)), ...parser.finish()];
}

const start = { type: 'message_start', message: { id: 'msg_1', model: 'claude-sonnet-4-5', usage: { input_tokens: 10, output_tokens: 1 } } };

describe('Anthropic stream → StreamDelta', () => {
  it('thinking_delta and signature_delta become reasoning deltas, the signature on its own delta; redacted thinking carries its data', () => {
    const parser = new AnthropicTranslatedStreamParser();
    const deltas = run(
      parser,
      events(
        start,
        { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Let me think' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQBCkYI' } },
        { type: 'content_block_stop', index: 0 },
        { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'EmwKAhgB' } },
        { type: 'content_block_stop', index: 1 },
        { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } },
        { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'Answer.' } },
        { type: 'content_block_stop', index: 2 },
        { type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 90, output_tokens_details: { thinking_tokens: 60 } } },
        { type: 'message_stop' },
      ),
    );
    expect(deltas.filter((delta) => delta.type !== 'usage')).toEqual([
      { type: 'message-start', id: 'msg_1', model: 'claude-sonnet-4-5' },
      { type: 'reasoning-delta', choice: 0, text: 'Let me think' },
      { type: 'reasoning-delta', choice: 0, text: '', signature: 'EqQBCkYI' },
      { type: 'reasoning-delta', choice: 0, text: '', redactedData: 'EmwKAhgB' },
      { type: 'text-delta', choice: 0, text: 'Answer.' },
      { type: 'finish', choice: 0, reason: 'length', rawReason: 'max_tokens' },
    ]);
    expect(parser.usage()?.input.total).toBe(10);
    expect(parser.usage()?.output).toEqual({ total: 90, text: 30, reasoning: 60 });
    expect(parser.isComplete()).toBe(true);
  });

  it('numbers tool calls in order and streams their partial_json as argument deltas', () => {
    const deltas = run(
      new AnthropicTranslatedStreamParser(),
      events(
        start,
        { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_a', name: 'weather', input: {} } },
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"city":' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '"Paris"}' } },
        { type: 'content_block_stop', index: 0 },
        { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_b', name: 'time', input: {} } },
        { type: 'content_block_stop', index: 1 },
        { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 30 } },
        { type: 'message_stop' },
      ),
    );
    expect(deltas.filter((delta) => delta.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: 'toolu_a', name: 'weather' },
      { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '"Paris"}' },
      { type: 'tool-call-end', choice: 0, index: 0 },
      { type: 'tool-call-start', choice: 0, index: 1, id: 'toolu_b', name: 'time' },
      { type: 'tool-call-delta', choice: 0, index: 1, argumentsDelta: '{}' },
      { type: 'tool-call-end', choice: 0, index: 1 },
    ]);
  });

  it('reads an answer given through the response-format tool as text, finished with stop', () => {
    const deltas = run(
      new AnthropicTranslatedStreamParser(),
      events(
        start,
        { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_j', name: RESPONSE_FORMAT_TOOL, input: {} } },
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"answer":' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '"yes"}' } },
        { type: 'content_block_stop', index: 0 },
        { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 12 } },
        { type: 'message_stop' },
      ),
    );
    expect(deltas.filter((delta) => delta.type === 'text-delta').map((delta) => (delta.type === 'text-delta' ? delta.text : '')).join('')).toBe('{"answer":"yes"}');
    expect(deltas.some((delta) => delta.type.startsWith('tool-call'))).toBe(false);
    expect(deltas.find((delta) => delta.type === 'finish')).toEqual({ type: 'finish', choice: 0, reason: 'stop', rawReason: 'tool_use' });
  });

  it('reports an in-band error event, and a stream cut before message_stop as incomplete', () => {
    const parser = new AnthropicTranslatedStreamParser();
    const deltas = run(
      parser,
      events(
        start,
        { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_a', name: 'weather', input: {} } },
        { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      ),
    );
    expect(deltas).toContainEqual({ type: 'error', message: 'Overloaded', code: 'overloaded_error' });
    expect(deltas.at(-1)).toEqual({ type: 'tool-call-end', choice: 0, index: 0 });
    expect(parser.isComplete()).toBe(false);
  });

  it('ignores pings, comments and data it cannot read', () => {
    const parser = new AnthropicTranslatedStreamParser();
    expect(parser.push({ raw: ': keep-alive\n\n', event: undefined, data: undefined })).toEqual([]);
    expect(parser.push({ raw: '', event: 'ping', data: '{"type":"ping"}' })).toEqual([]);
    expect(parser.push({ raw: '', event: undefined, data: 'not json' })).toEqual([]);
    expect(parser.usage()).toBeUndefined();
  });
});
