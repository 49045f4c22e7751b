import { describe, expect, it } from 'vitest';
import { TollgateError } from '../../../core/errors.js';
import { parseAnthropicMessagesRequest } from './parse-anthropic-messages-request.js';
import { untranslatedAnthropicFields } from './untranslated-anthropic-fields.js';

function rejection(body: unknown): TollgateError {
  try {
    parseAnthropicMessagesRequest(body);
  } catch (error) {
    if (error instanceof TollgateError) return error;
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('parseAnthropicMessagesRequest', () => {
  it('reads system blocks, every content block, and keeps cache_control', () => {
    const request = parseAnthropicMessagesRequest({
      model: 'smart',
      max_tokens: 1024,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Read these.' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAA=' } },
            { type: 'image', source: { type: 'url', url: 'https://x/cat.jpg' } },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'a.pdf', cache_control: { type: 'ephemeral' } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' } },
            { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'look', signature: 'sig' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'Looking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'a' } },
            { type: 'tool_use', id: 'toolu_2', name: 'lookup', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'found a' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'no' }], is_error: true, cache_control: { type: 'ephemeral' } },
            { type: 'text', text: 'Go on.' },
          ],
        },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'Be brief.', cacheControl: { type: 'ephemeral', ttl: '1h' } }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Read these.' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAA=' } },
          { type: 'image', source: { kind: 'url', url: 'https://x/cat.jpg' } },
          { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, title: 'a.pdf', cacheControl: { type: 'ephemeral' } },
          { type: 'document', source: { kind: 'text', text: 'notes' } },
          { type: 'document', source: { kind: 'text', text: 'one\ntwo' } },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'text', text: 'Looking.' }],
        toolCalls: [
          { id: 'toolu_1', name: 'lookup', arguments: '{"q":"a"}' },
          { id: 'toolu_2', name: 'lookup', arguments: '{}' },
        ],
        reasoning: [{ text: 'look', signature: 'sig' }, { text: '', redactedData: 'opaque' }],
      },
      { role: 'tool', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'found a' }] },
      { role: 'tool', toolCallId: 'toolu_2', content: [{ type: 'text', text: 'no', cacheControl: { type: 'ephemeral' } }], isError: true },
      { role: 'user', content: [{ type: 'text', text: 'Go on.' }] },
    ]);
    expect(request.maxOutputTokens).toBe(1024);
  });

  it('reads tools, tool_choice, sampling, thinking, structured output and the end user', () => {
    const request = parseAnthropicMessagesRequest({
      model: 'smart',
      max_tokens: 4096,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      tools: [{ name: 'lookup', description: 'Looks up', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 10,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      output_config: { format: { type: 'json_schema', schema: { type: 'object' } } },
      metadata: { user_id: 'u-1' },
    });
    expect(request).toMatchObject({
      stream: true,
      tools: [{ name: 'lookup', description: 'Looks up', parameters: { type: 'object' } }],
      toolChoice: 'required',
      parallelToolCalls: false,
      stop: ['END'],
      temperature: 0.2,
      topP: 0.9,
      topK: 10,
      reasoningBudgetTokens: 2048,
      responseFormat: { type: 'json_schema', name: 'response', schema: { type: 'object' }, strict: true },
      endUser: 'u-1',
    });
    const adaptive = parseAnthropicMessagesRequest({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], thinking: { type: 'adaptive' }, output_config: { effort: 'max' }, tool_choice: { type: 'tool', name: 'f' } });
    expect(adaptive.reasoningEffort).toBe('xhigh');
    expect(adaptive.toolChoice).toEqual({ name: 'f' });
  });

  it('requires max_tokens, saying so the way Anthropic does', () => {
    const error = rejection({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(error.code).toBe('invalid_request');
    expect(error.status).toBe(400);
    expect(error.param).toBe('max_tokens');
    expect(error.message).toBe('max_tokens: Field required');
  });

  it('names the field of a malformed block', () => {
    expect(rejection({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', data: 'AA' } }] }] }).message).toBe(
      'messages[0].content[0].source.media_type: Field required',
    );
    expect(rejection({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'x', name: 'f', input: {} }] }] }).param).toBe('messages[0].content[0]');
  });

  it('refuses Anthropic-only tools and blocks with unsupported_parameter', () => {
    const serverTool = rejection({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'web_search_20250305', name: 'web_search' }] });
    expect(serverTool.code).toBe('unsupported_parameter');
    expect(serverTool.param).toBe('tools[0]');
    const block = rejection({ model: 'm', max_tokens: 5, messages: [{ role: 'assistant', content: [{ type: 'server_tool_use', id: 's', name: 'web_search', input: {} }] }] });
    expect(block.code).toBe('unsupported_parameter');
    expect(block.param).toBe('messages[0].content[0]');
    expect(rejection({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] }).code).toBe('unsupported_parameter');
  });

  it('names the fields it does not translate', () => {
    expect(untranslatedAnthropicFields({ model: 'm', max_tokens: 1, messages: [], container: 'c', mcp_servers: [], output_config: { effort: 'low' } })).toEqual([
      'container',
      'mcp_servers',
      'output_config.effort',
    ]);
  });
});
