import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../../core/chat.js';
import { usageFromParts } from '../../../core/usage.js';
import { OpenAIChunkRenderer } from './openai-chunk-renderer.js';
import { openAIUsageJson } from './openai-usage-json.js';
import { renderOpenAIChatCompletion } from './render-openai-chat-completion.js';

describe('openAIUsageJson', () => {
  it('reports cache reads and reasoning as subsets of prompt and completion tokens', () => {
    const usage = usageFromParts({ noCacheInput: 6, cacheRead: 6289, cacheWrite5m: 3000, cacheWrite1h: 337, textOutput: 41, reasoningOutput: 18 });
    expect(openAIUsageJson(usage)).toEqual({
      prompt_tokens: 9632,
      completion_tokens: 59,
      total_tokens: 9691,
      prompt_tokens_details: { cached_tokens: 6289, cache_write_tokens: 3337 },
      completion_tokens_details: { reasoning_tokens: 18 },
    });
  });
});

describe('renderOpenAIChatCompletion', () => {
  const response: ChatResponse = {
    id: 'msg_1',
    model: 'claude-sonnet-4-5',
    createdAt: new Date('2025-01-01T00:00:00Z'),
    choices: [
      {
        index: 0,
        text: '',
        toolCalls: [{ id: 'toolu_1', name: 'f', arguments: '{}' }],
        reasoning: [{ text: 'think', signature: 'sig' }, { text: '', redactedData: 'opaque' }],
        finishReason: 'tool_calls',
      },
    ],
    usage: undefined,
  };

  it('renders a chat.completion with tool calls, reasoning text and signed reasoning details', () => {
    expect(renderOpenAIChatCompletion(response, { prompt_tokens: 1 })).toEqual({
      id: 'msg_1',
      object: 'chat.completion',
      created: 1735689600,
      model: 'claude-sonnet-4-5',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
            reasoning_content: 'think',
            reasoning_details: [
              { type: 'reasoning.text', text: 'think', signature: 'sig', index: 0 },
              { type: 'reasoning.encrypted', data: 'opaque', index: 1 },
            ],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 1 },
    });
  });

  it('maps finish reasons OpenAI lacks to stop, and leaves usage out when there is none', () => {
    const other = renderOpenAIChatCompletion({ ...response, choices: [{ index: 0, text: 'hi', toolCalls: [], reasoning: [], finishReason: 'other' }] }, undefined);
    expect(other.usage).toBeUndefined();
    expect(other.choices).toEqual([{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, logprobs: null, finish_reason: 'stop' }]);
  });
});

describe('OpenAIChunkRenderer', () => {
  it('puts the role on the first delta, opens tool calls with id/type/name and streams their arguments, then finishes', () => {
    const renderer = new OpenAIChunkRenderer({ id: 'tg-1', model: 'route', created: 1700000000 });
    const chunks = [
      renderer.render({ type: 'message-start', id: 'msg_1', model: 'claude-sonnet-4-5' }),
      renderer.render({ type: 'text-delta', choice: 0, text: 'Hi' }),
      renderer.render({ type: 'tool-call-start', choice: 0, index: 0, id: 'toolu_1', name: 'f' }),
      renderer.render({ type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '{"a":1}' }),
      renderer.render({ type: 'tool-call-end', choice: 0, index: 0 }),
      renderer.render({ type: 'finish', choice: 0, reason: 'tool_calls' }),
      renderer.render({ type: 'usage', usage: usageFromParts({ noCacheInput: 1 }) }),
    ].flat();
    const base = { id: 'msg_1', object: 'chat.completion.chunk', created: 1700000000, model: 'claude-sonnet-4-5' };
    expect(chunks).toEqual([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { content: 'Hi' }, logprobs: null, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '' } }] }, logprobs: null, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":1}' } }] }, logprobs: null, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }] },
    ]);
    expect(renderer.usageChunk({ prompt_tokens: 1 })).toEqual({ ...base, choices: [], usage: { prompt_tokens: 1 } });
  });

  it('renders reasoning as reasoning_content, with details by index so signed blocks can be rebuilt', () => {
    const renderer = new OpenAIChunkRenderer({ id: 'x', model: 'm', created: 0 });
    const deltas = [
      renderer.render({ type: 'reasoning-delta', choice: 0, text: 'one' }),
      renderer.render({ type: 'reasoning-delta', choice: 0, text: '', signature: 's1' }),
      renderer.render({ type: 'reasoning-delta', choice: 0, text: 'two' }),
    ].flat().map((chunk) => (chunk.choices as Array<{ delta: unknown }>)[0]?.delta);
    expect(deltas).toEqual([
      { role: 'assistant', reasoning_details: [{ type: 'reasoning.text', text: 'one', index: 0 }], reasoning_content: 'one' },
      { reasoning_details: [{ type: 'reasoning.text', text: '', signature: 's1', index: 0 }] },
      { reasoning_details: [{ type: 'reasoning.text', text: 'two', index: 1 }], reasoning_content: 'two' },
    ]);
  });

  it('renders an upstream error in OpenAI\'s error shape', () => {
    const renderer = new OpenAIChunkRenderer({ id: 'x', model: 'm', created: 0 });
    expect(renderer.render({ type: 'error', message: 'Overloaded', code: 'overloaded_error' })).toEqual([
      { error: { message: 'Overloaded', type: 'upstream_error', param: null, code: 'overloaded_error' } },
    ]);
  });
});
