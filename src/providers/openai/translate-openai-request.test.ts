import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import type { ChatCallContext, JsonObject, ProviderAccount } from '../adapter.js';
import { createOpenAICompatibleAdapter, openAIAdapter } from './openai-adapter.js';

const account: ProviderAccount = { id: 'oai', type: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-test', headers: {} };
const compatible = createOpenAICompatibleAdapter({ type: 'together', defaultBaseUrl: 'https://api.together.xyz/v1' });

function prepare(request: Partial<ChatRequest>, overrides: Partial<ChatCallContext> = {}, adapter = openAIAdapter) {
  const full: ChatRequest = { model: 'smart', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], ...request };
  const prepared = adapter.translated.prepare(full, { account, model: 'gpt-4.1-mini', stream: false, tier: 'standard', ...overrides });
  return { ...prepared, sent: JSON.parse(prepared.body) as JsonObject };
}

describe('ChatRequest → OpenAI chat completions', () => {
  it('builds the body through the same path as a client body: stream usage asked, tier mapped, key sent', () => {
    const { sent, url, headers } = prepare({}, { stream: true, tier: 'instant' });
    expect(url).toBe('https://api.openai.com/v1/chat/completions');
    expect(headers.authorization).toBe('Bearer sk-test');
    expect(sent).toEqual({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true }, service_tier: 'priority' });
  });

  it('converts system, multimodal user content, assistant tool calls and tool results', () => {
    const { sent } = prepare({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.', cacheControl: { type: 'ephemeral' } }] },
        {
          role: 'user',
          name: 'ann',
          content: [
            { type: 'text', text: 'Look:' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAA=' }, detail: 'high' },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg' } },
            { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, title: 'a.pdf' },
            { type: 'document', source: { kind: 'text', text: 'notes' }, title: 'Notes' },
          ],
        },
        { role: 'assistant', content: [], toolCalls: [{ id: 'call_1', name: 'f', arguments: '{"x":1}' }] },
        { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] },
      ],
    });
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        name: 'ann',
        content: [
          { type: 'text', text: 'Look:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAA=', detail: 'high' } },
          { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
          { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
          { type: 'text', text: 'Notes\n\nnotes' },
        ],
      },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'one\ntwo' },
    ]);
  });

  it('moves images out of tool results into a user message after them, and drops reasoning history, with warnings', () => {
    const { sent, warnings } = prepare({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'shot' }] },
        { role: 'assistant', content: [], reasoning: [{ text: 'hmm', signature: 's' }], toolCalls: [{ id: 't1', name: 'screenshot', arguments: '{}' }] },
        { role: 'tool', toolCallId: 't1', content: [{ type: 'text', text: 'here' }, { type: 'image', source: { kind: 'url', url: 'https://x/s.png' } }] },
      ],
    });
    expect((sent.messages as JsonObject[]).slice(2)).toEqual([
      { role: 'tool', tool_call_id: 't1', content: 'here' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/s.png' } }] },
    ]);
    expect(warnings).toHaveLength(2);
  });

  it('sends every parameter OpenAI has under its own name', () => {
    const { sent } = prepare({
      tools: [{ name: 'f', description: 'does f', parameters: { type: 'object' }, strict: true }],
      toolChoice: { name: 'f' },
      parallelToolCalls: false,
      maxOutputTokens: 500,
      temperature: 0.5,
      topP: 0.9,
      frequencyPenalty: 0.1,
      presencePenalty: 0.2,
      stop: ['END'],
      seed: 3,
      n: 2,
      responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true },
      reasoningEffort: 'low',
      logprobs: true,
      topLogprobs: 2,
      endUser: 'u-1',
    });
    expect(sent).toMatchObject({
      tools: [{ type: 'function', function: { name: 'f', description: 'does f', parameters: { type: 'object' }, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      parallel_tool_calls: false,
      max_completion_tokens: 500,
      temperature: 0.5,
      top_p: 0.9,
      frequency_penalty: 0.1,
      presence_penalty: 0.2,
      stop: ['END'],
      seed: 3,
      n: 2,
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
      reasoning_effort: 'low',
      logprobs: true,
      top_logprobs: 2,
      user: 'u-1',
    });
    expect(sent.max_tokens).toBeUndefined();
  });

  it('uses max_tokens for OpenAI-compatible providers other than OpenAI and Azure OpenAI', () => {
    const { sent, url } = prepare({ maxOutputTokens: 500 }, { account: { ...account, type: 'together', baseUrl: 'https://api.together.xyz/v1' } }, compatible);
    expect(sent.max_tokens).toBe(500);
    expect(sent.max_completion_tokens).toBeUndefined();
    expect(url).toBe('https://api.together.xyz/v1/chat/completions');
  });

  it('drops top_k and a thinking budget with warnings', () => {
    const { sent, warnings } = prepare({ topK: 20, reasoningBudgetTokens: 4000 });
    expect(sent.top_k).toBeUndefined();
    expect(warnings).toEqual([
      'top_k is not sent to openai: OpenAI-format APIs have no such parameter',
      'a thinking budget of 4000 tokens is not sent to openai, which takes reasoning_effort instead',
    ]);
  });

  it('refuses documents by URL, naming the part', () => {
    try {
      prepare({ messages: [{ role: 'user', content: [{ type: 'document', source: { kind: 'url', url: 'https://x/a.pdf' } }] }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TollgateError);
      expect((error as TollgateError).code).toBe('unsupported_parameter');
      expect((error as TollgateError).param).toBe('messages[0].content[0]');
    }
  });
});

describe('tool settings without tools', () => {
  it('leaves tool_choice and parallel_tool_calls out when there are no tools, as OpenAI refuses them alone', () => {
    const { sent } = prepare({ toolChoice: 'none', parallelToolCalls: false });
    expect(sent.tool_choice).toBeUndefined();
    expect(sent.parallel_tool_calls).toBeUndefined();
  });
});
