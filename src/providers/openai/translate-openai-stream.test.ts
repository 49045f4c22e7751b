import { describe, expect, it } from 'vitest';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { OpenAITranslatedStreamParser } from './translate-openai-stream.js';

function chunk(payload: Record<string, unknown>) {
  const data = JSON.stringify({ id: 'c1', model: 'm', ...payload });
  return { raw: `data: ${data}\n\n`, event: undefined, data };
}

describe('OpenAI chunks → StreamDelta', () => {
  it('gives index-less whole calls the next free index, each its own start, arguments and end', () => {
    const parser = new OpenAITranslatedStreamParser((raw) => convertOpenAIUsage(raw));
    const deltas = [
      ...parser.push(chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] })),
      ...parser.push(
        chunk({
          choices: [
            {
              index: 0,
              delta: {
                tool_calls: [
                  { id: 'a', function: { name: 'one', arguments: '{}' } },
                  { id: 'b', function: { name: 'two', arguments: { x: 1 } } },
                ],
              },
              finish_reason: 'tool_calls',
            },
          ],
        }),
      ),
    ];
    expect(deltas).toEqual([
      { type: 'message-start', id: 'c1', model: 'm' },
      { type: 'tool-call-start', choice: 0, index: 0, id: 'a', name: 'one' },
      { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '{}' },
      { type: 'tool-call-start', choice: 0, index: 1, id: 'b', name: 'two' },
      { type: 'tool-call-delta', choice: 0, index: 1, argumentsDelta: '{"x":1}' },
      { type: 'tool-call-end', choice: 0, index: 0 },
      { type: 'tool-call-end', choice: 0, index: 1 },
      { type: 'finish', choice: 0, reason: 'tool_calls', rawReason: 'tool_calls' },
    ]);
  });

  it('streams indexed calls in fragments, starting each once', () => {
    const parser = new OpenAITranslatedStreamParser(() => undefined);
    const deltas = [
      chunk({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] } }] }),
      chunk({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] } }] }),
      chunk({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] } }] }),
    ].flatMap((event) => parser.push(event));
    expect(deltas.slice(1)).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: 'call_1', name: 'f' },
      { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '{"a"' },
      { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: ':1}' },
    ]);
    expect(parser.isComplete()).toBe(false);
    expect(parser.finish()).toEqual([{ type: 'tool-call-end', choice: 0, index: 0 }]);
  });

  it('reads reasoning from reasoning_content, reasoning, and signed reasoning_details', () => {
    const parser = new OpenAITranslatedStreamParser(() => undefined);
    const deltas = [
      chunk({ choices: [{ index: 0, delta: { reasoning_content: 'a' } }] }),
      chunk({ choices: [{ index: 0, delta: { reasoning: 'b' } }] }),
      chunk({ choices: [{ index: 0, delta: { reasoning: 'c', reasoning_details: [{ type: 'reasoning.text', text: 'c', signature: 'sig' }] } }] }),
      chunk({ choices: [{ index: 0, delta: { reasoning_details: [{ type: 'reasoning.encrypted', data: 'opaque' }] } }] }),
    ].flatMap((event) => parser.push(event));
    expect(deltas.slice(1)).toEqual([
      { type: 'reasoning-delta', choice: 0, text: 'a' },
      { type: 'reasoning-delta', choice: 0, text: 'b' },
      { type: 'reasoning-delta', choice: 0, text: 'c', signature: 'sig' },
      { type: 'reasoning-delta', choice: 0, text: '', redactedData: 'opaque' },
    ]);
  });

  it('maps finish reasons, ends on [DONE], and reports an in-band error', () => {
    const parser = new OpenAITranslatedStreamParser(() => undefined);
    expect(parser.push(chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'length' }] })).at(-1)).toEqual({ type: 'finish', choice: 0, reason: 'length', rawReason: 'length' });
    expect(parser.push({ raw: 'data: [DONE]\n\n', event: undefined, data: '[DONE]' })).toEqual([]);
    expect(parser.isComplete()).toBe(true);
    const failing = new OpenAITranslatedStreamParser(() => undefined);
    expect(failing.push({ raw: '', event: undefined, data: '{"error":{"message":"overloaded","type":"server_error"}}' })).toEqual([
      { type: 'error', message: 'overloaded', code: 'server_error' },
    ]);
  });
});
