import { describe, expect, it } from 'vitest';
import type { ChatCallContext, JsonObject, ProviderAccount } from '../adapter.js';
import { anthropicAdapter } from './anthropic-adapter.js';
import { messagesUrl } from './prepare-anthropic-request.js';

const account: ProviderAccount = { id: 'claude', type: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKey: 'sk-ant-test', headers: {} };

function context(overrides: Partial<ChatCallContext> = {}): ChatCallContext {
  return { account, model: 'claude-sonnet-4-5-20250929', stream: false, tier: 'standard', ...overrides };
}

/** A Messages body with everything a relay must not touch: signed thinking, cache breakpoints, server tools. */
const clientBody: JsonObject = {
  model: 'smart',
  max_tokens: 2048,
  system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral', ttl: '1h' } }],
  thinking: { type: 'enabled', budget_tokens: 1024 },
  tools: [
    { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } }, cache_control: { type: 'ephemeral' } },
    { type: 'web_search_20250305', name: 'web_search', max_uses: 2 },
  ],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?', cache_control: { type: 'ephemeral' } }] },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Call the tool.', signature: 'EqQBCkYIBxgCKkD...' },
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va...' },
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'paris' } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' }] },
  ],
  metadata: { user_id: 'user-42', feature: 'weather', tags: ['a'] },
  future_field: { kept: true },
};

describe('Anthropic same-dialect prepare', () => {
  it('changes only the model and the metadata: thinking, signatures, cache_control and server tools are relayed untouched', () => {
    const prepared = anthropicAdapter.chat.prepare(structuredClone(clientBody), context());
    const sent = JSON.parse(prepared.body) as JsonObject;
    const { model, metadata, ...rest } = sent;
    const { model: _clientModel, metadata: _clientMetadata, ...clientRest } = clientBody;
    expect(model).toBe('claude-sonnet-4-5-20250929');
    expect(metadata).toEqual({ user_id: 'user-42' });
    expect(rest).toEqual(clientRest);
    expect(prepared.warnings).toEqual([]);
    expect(prepared.url).toBe('https://api.anthropic.com/v1/messages');
  });

  it('sends x-api-key and anthropic-version 2023-06-01 by default; forwards the client\'s version and beta headers', () => {
    const plain = anthropicAdapter.chat.prepare(clientBody, context());
    expect(plain.headers).toMatchObject({ 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' });
    expect(plain.headers.authorization).toBeUndefined();
    expect(plain.headers['anthropic-beta']).toBeUndefined();
    const forwarded = anthropicAdapter.chat.prepare(clientBody, context({ clientHeaders: { 'anthropic-version': '2024-01-01', 'anthropic-beta': 'context-1m-2025-08-07' } }));
    expect(forwarded.headers['anthropic-version']).toBe('2024-01-01');
    expect(forwarded.headers['anthropic-beta']).toBe('context-1m-2025-08-07');
  });

  it('drops metadata keys Anthropic refuses, saying so for those that are not Tollgate attribution', () => {
    const prepared = anthropicAdapter.chat.prepare({ ...clientBody, metadata: { feature: 'x', trace_id: 'abc' } }, context());
    expect((JSON.parse(prepared.body) as JsonObject).metadata).toBeUndefined();
    expect(prepared.warnings).toEqual(["metadata trace_id not forwarded: Anthropic's metadata takes user_id only"]);
  });

  it('sets stream from the call, and maps the latency tier to service_tier unless the client chose one', () => {
    const streamed = JSON.parse(anthropicAdapter.chat.prepare(clientBody, context({ stream: true, tier: 'instant' })).body) as JsonObject;
    expect(streamed.stream).toBe(true);
    expect(streamed.service_tier).toBe('auto');
    const deferred = anthropicAdapter.chat.prepare(clientBody, context({ tier: 'deferred' }));
    expect((JSON.parse(deferred.body) as JsonObject).service_tier).toBe('standard_only');
    expect(deferred.warnings[0]).toMatch(/^tier deferred: /);
    const chosen = JSON.parse(anthropicAdapter.chat.prepare({ ...clientBody, service_tier: 'standard_only' }, context({ tier: 'instant' })).body) as JsonObject;
    expect(chosen.service_tier).toBe('standard_only');
  });

  it('adds the account\'s own headers last', () => {
    const prepared = anthropicAdapter.chat.prepare(clientBody, context({ account: { ...account, headers: { 'x-gateway-token': 't' } } }));
    expect(prepared.headers['x-gateway-token']).toBe('t');
  });

  it('builds the messages URL with or without a trailing /v1', () => {
    expect(messagesUrl('https://api.anthropic.com')).toBe('https://api.anthropic.com/v1/messages');
    expect(messagesUrl('https://api.anthropic.com/v1/')).toBe('https://api.anthropic.com/v1/messages');
    expect(messagesUrl('http://127.0.0.1:5000/anthropic')).toBe('http://127.0.0.1:5000/anthropic/v1/messages');
  });

  it('reads the served model from a message and from a stream\'s message_start', () => {
    expect(anthropicAdapter.chat.modelFromBody({ model: 'claude-x' })).toBe('claude-x');
    expect(anthropicAdapter.chat.modelFromBody({ type: 'message_start', message: { model: 'claude-y' } })).toBe('claude-y');
    expect(anthropicAdapter.chat.modelFromBody('nope')).toBeUndefined();
  });
});
