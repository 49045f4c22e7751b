import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../../core/chat.js';
import { usageFromParts } from '../../../core/usage.js';
import { AnthropicEventRenderer } from './anthropic-event-renderer.js';
import { anthropicUsageJson } from './anthropic-usage-json.js';
import { renderAnthropicMessage } from './render-anthropic-message.js';

function parseEvents(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return { event: (eventLine ?? '').replace('event: ', ''), data: JSON.parse((dataLine ?? '').replace('data: ', '')) as Record<string, unknown> };
    });
}

describe('anthropicUsageJson', () => {
  it('reports input_tokens without cache, cache writes split by TTL, and thinking within output', () => {
    const usage = usageFromParts({ noCacheInput: 6, cacheRead: 6289, cacheWrite5m: 3000, cacheWrite1h: 337, textOutput: 41, reasoningOutput: 18 });
    expect(anthropicUsageJson(usage)).toEqual({
      input_tokens: 6,
      cache_creation_input_tokens: 3337,
      cache_read_input_tokens: 6289,
      cache_creation: { ephemeral_5m_input_tokens: 3000, ephemeral_1h_input_tokens: 337 },
      output_tokens: 59,
      output_tokens_details: { thinking_tokens: 18 },
    });
  });
});

describe('renderAnthropicMessage', () => {
  it('orders thinking, text and tool_use, with parsed input and mapped stop reason', () => {
    const response: ChatResponse = {
      id: 'chatcmpl-1',
      model: 'gpt-4.1',
      createdAt: new Date(0),
      choices: [
        {
          index: 0,
          text: 'Checking.',
          toolCalls: [{ id: 'call_1', name: 'f', arguments: '{"a":1}' }, { id: 'call_2', name: 'g', arguments: 'not json' }],
          reasoning: [{ text: 'think' }],
          finishReason: 'tool_calls',
        },
      ],
      usage: usageFromParts({ noCacheInput: 10, cacheRead: 90, textOutput: 5 }),
    };
    expect(renderAnthropicMessage(response, response.usage)).toEqual({
      id: 'chatcmpl-1',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4.1',
      content: [
        { type: 'thinking', thinking: 'think', signature: '' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_1', name: 'f', input: { a: 1 } },
        { type: 'tool_use', id: 'call_2', name: 'g', input: { _raw: 'not json' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 90, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 }, output_tokens: 5 },
    });
  });

  it('keeps an Anthropic upstream\'s own stop reason (stop_sequence, pause_turn)', () => {
    const base: ChatResponse = { id: 'm', model: 'x', createdAt: new Date(0), choices: [{ index: 0, text: 'a', toolCalls: [], reasoning: [], finishReason: 'stop', rawFinishReason: 'stop_sequence' }], usage: undefined };
    expect(renderAnthropicMessage(base, undefined).stop_reason).toBe('stop_sequence');
    expect(renderAnthropicMessage({ ...base, choices: [{ index: 0, text: 'a', toolCalls: [], reasoning: [], finishReason: 'length', rawFinishReason: 'length' }] }, undefined).stop_reason).toBe('max_tokens');
  });
});

describe('AnthropicEventRenderer', () => {
  it('renders the full event sequence with managed block indexes, thinking signatures and final usage', () => {
    const renderer = new AnthropicEventRenderer({ id: 'msg_tg', model: 'route', ping: true });
    let text = '';
    text += renderer.render({ type: 'message-start', id: 'chatcmpl-1', model: 'gpt-4.1' });
    text += renderer.render({ type: 'reasoning-delta', choice: 0, text: 'hmm' });
    text += renderer.render({ type: 'reasoning-delta', choice: 0, text: '', signature: 'sig' });
    text += renderer.render({ type: 'text-delta', choice: 0, text: 'Hi' });
    text += renderer.render({ type: 'tool-call-start', choice: 0, index: 0, id: 'call_1', name: 'f' });
    text += renderer.render({ type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '{"a":1}' });
    text += renderer.render({ type: 'tool-call-end', choice: 0, index: 0 });
    text += renderer.render({ type: 'finish', choice: 0, reason: 'tool_calls' });
    text += renderer.render({ type: 'usage', usage: usageFromParts({ noCacheInput: 3, textOutput: 7 }) });
    text += renderer.end(undefined, '"cost":0.001,"cost_status":"exact"');
    const events = parseEvents(text);
    expect(events.map((event) => event.event)).toEqual([
      'message_start', 'ping',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    expect(events.map((event) => event.data.index).filter((index) => index !== undefined)).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(events[0]?.data.message).toMatchObject({ id: 'chatcmpl-1', model: 'gpt-4.1', content: [], stop_reason: null });
    expect(events[4]?.data.delta).toEqual({ type: 'signature_delta', signature: 'sig' });
    expect(events[9]?.data.content_block).toEqual({ type: 'tool_use', id: 'call_1', name: 'f', input: {} });
    expect(events[12]?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 }, output_tokens: 7, cost: 0.001, cost_status: 'exact' },
    });
    expect(renderer.end()).toBe('');
  });

  it('starts the message even without message-start, renders redacted thinking whole, and errors as event: error', () => {
    const renderer = new AnthropicEventRenderer({ id: 'msg_tg', model: 'route' });
    const text = renderer.render({ type: 'reasoning-delta', choice: 0, text: '', redactedData: 'opaque' }) + renderer.render({ type: 'error', message: 'upstream broke' });
    const events = parseEvents(text);
    expect(events.map((event) => event.event)).toEqual(['message_start', 'content_block_start', 'content_block_stop', 'error']);
    expect(events[1]?.data.content_block).toEqual({ type: 'redacted_thinking', data: 'opaque' });
    expect(events[3]?.data).toEqual({ type: 'error', error: { type: 'api_error', message: 'upstream broke' } });
  });
});
