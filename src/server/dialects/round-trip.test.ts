/**
 * Round trips across dialects: a client request read into ChatRequest, built into the other
 * dialect's provider body, and read back with that dialect's parser, says the same thing.
 */
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat.js';
import type { ChatCallContext, ProviderAccount } from '../../providers/adapter.js';
import { anthropicAdapter } from '../../providers/anthropic/anthropic-adapter.js';
import { openAIAdapter } from '../../providers/openai/openai-adapter.js';
import { parseAnthropicMessagesRequest } from './anthropic/parse-anthropic-messages-request.js';
import { parseOpenAIChatRequest } from './openai/parse-openai-chat-request.js';

function context(type: string, model: string): ChatCallContext {
  const account: ProviderAccount = { id: type, type, baseUrl: 'http://127.0.0.1:1', apiKey: 'key', headers: {} };
  return { account, model, stream: false, tier: 'standard' };
}

function withoutModel(request: ChatRequest): Omit<ChatRequest, 'model'> {
  const { model: _model, ...rest } = request;
  return rest;
}

describe('dialect round trips', () => {
  it('OpenAI request → ChatRequest → Anthropic body → ChatRequest keeps messages, tools and parameters', () => {
    const fromOpenAI = parseOpenAIChatRequest({
      model: 'smart',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"cat"}' } }, { id: 'call_2', type: 'function', function: { name: 'lookup', arguments: '{"q":"dog"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'a cat' },
        { role: 'tool', tool_call_id: 'call_2', content: 'no dog' },
        { role: 'user', content: 'So?' },
      ],
      tools: [{ type: 'function', function: { name: 'lookup', description: 'Looks things up', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      stop: ['END'],
      temperature: 0.4,
      max_completion_tokens: 700,
      user: 'user-9',
    });
    const prepared = anthropicAdapter.translated.prepare(fromOpenAI, context('anthropic', 'claude-sonnet-4-5-20250929'));
    expect(prepared.warnings).toEqual([]);
    const back = parseAnthropicMessagesRequest(JSON.parse(prepared.body));
    expect(back.model).toBe('claude-sonnet-4-5-20250929');
    expect(withoutModel(back)).toEqual(withoutModel(fromOpenAI));
  });

  it('Anthropic request → ChatRequest → OpenAI body → ChatRequest keeps messages, tools and parameters', () => {
    const fromAnthropic = parseAnthropicMessagesRequest({
      model: 'smart',
      max_tokens: 512,
      system: 'You are terse.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Look.' }, { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'cat' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a cat' }] },
      ],
      tools: [{ name: 'lookup', description: 'Looks things up', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
      tool_choice: { type: 'tool', name: 'lookup' },
      stop_sequences: ['END'],
      top_p: 0.8,
      metadata: { user_id: 'user-9' },
    });
    const prepared = openAIAdapter.translated.prepare(fromAnthropic, context('openai', 'gpt-4.1'));
    const back = parseOpenAIChatRequest(JSON.parse(prepared.body));
    expect(back.model).toBe('gpt-4.1');
    expect(withoutModel(back)).toEqual(withoutModel(fromAnthropic));
  });

  it('a thinking budget survives Anthropic → Anthropic-shaped ChatRequest → Anthropic body', () => {
    const fromAnthropic = parseAnthropicMessagesRequest({
      model: 'smart',
      max_tokens: 8000,
      thinking: { type: 'enabled', budget_tokens: 3000 },
      messages: [{ role: 'user', content: 'Think.' }],
    });
    const body = JSON.parse(anthropicAdapter.translated.prepare(fromAnthropic, context('anthropic', 'claude-opus-4-5')).body) as Record<string, unknown>;
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 3000 });
    expect(parseAnthropicMessagesRequest(body).reasoningBudgetTokens).toBe(3000);
  });
});
