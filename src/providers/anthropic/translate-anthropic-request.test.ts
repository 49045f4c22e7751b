import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat.js';
import { TollgateError } from '../../core/errors.js';
import type { ChatCallContext, JsonObject, ProviderAccount } from '../adapter.js';
import { anthropicAdapter } from './anthropic-adapter.js';
import { RESPONSE_FORMAT_TOOL } from './translate-anthropic-tools.js';

const account: ProviderAccount = { id: 'claude', type: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKey: 'sk-ant-test', headers: {} };

function prepare(request: Partial<ChatRequest>, overrides: Partial<ChatCallContext> = {}): { body: JsonObject; warnings: string[] } {
  const full: ChatRequest = { model: 'smart', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], ...request };
  const prepared = anthropicAdapter.translated.prepare(full, { account, model: 'claude-sonnet-4-5-20250929', stream: false, tier: 'standard', ...overrides });
  return { body: JSON.parse(prepared.body) as JsonObject, warnings: prepared.warnings };
}

function thrown(action: () => unknown): TollgateError {
  try {
    action();
  } catch (error) {
    if (error instanceof TollgateError) return error;
    throw error;
  }
  throw new Error('expected a TollgateError');
}

describe('ChatRequest → Anthropic Messages', () => {
  it('hoists system text into system blocks with their cache_control, and converts images and documents', () => {
    const { body } = prepare({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.', cacheControl: { type: 'ephemeral', ttl: '1h' } }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these.' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'low' },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
            { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, title: 'report.pdf', cacheControl: { type: 'ephemeral' } },
            { type: 'document', source: { kind: 'text', text: 'plain notes' } },
            { type: 'document', source: { kind: 'url', url: 'https://example.com/a.pdf' } },
          ],
        },
      ],
    });
    expect(body.system).toEqual([{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare these.' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'report.pdf', cache_control: { type: 'ephemeral' } },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain notes' } },
          { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
        ],
      },
    ]);
  });

  it('turns tool calls into tool_use with parsed input, and merges consecutive tool results (and what follows) into one user turn', () => {
    const { body, warnings } = prepare({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
        {
          role: 'assistant',
          content: [{ type: 'text', text: 'Checking.' }],
          toolCalls: [
            { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
            { id: 'call_2', name: 'get_weather', arguments: '' },
          ],
        },
        { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: '18°C' }] },
        { role: 'tool', toolCallId: 'call_2', content: [{ type: 'text', text: 'city unknown' }], isError: true },
        { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'call_2', content: 'city unknown', is_error: true },
          { type: 'text', text: 'And tomorrow?' },
        ],
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('sends tool results with images as blocks', () => {
    const { body } = prepare({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Screenshot?' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'toolu_1', name: 'screenshot', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'toolu_1', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAA=' } }] },
      ],
    });
    expect((body.messages as JsonObject[])[2]).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAA=' } }] }],
    });
  });

  it('translates tools and every tool_choice, and parallelToolCalls false', () => {
    const tools: ChatRequest['tools'] = [{ name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } }, { name: 'noop', parameters: {} }];
    const { body } = prepare({ tools, toolChoice: 'auto', parallelToolCalls: false });
    expect(body.tools).toEqual([
      { name: 'get_weather', description: 'Weather now', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
      { name: 'noop', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(body.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(prepare({ tools, toolChoice: 'required' }).body.tool_choice).toEqual({ type: 'any' });
    expect(prepare({ tools, toolChoice: 'none' }).body.tool_choice).toEqual({ type: 'none' });
    expect(prepare({ tools, toolChoice: { name: 'noop' } }).body.tool_choice).toEqual({ type: 'tool', name: 'noop' });
    expect(prepare({ tools }).body.tool_choice).toBeUndefined();
  });

  it('max_tokens: the request\'s, else the account default, else the model\'s maximum output, else 4096', () => {
    expect(prepare({ maxOutputTokens: 300 }).body.max_tokens).toBe(300);
    expect(prepare({}, { account: { ...account, defaultMaxTokens: 1234 } }).body.max_tokens).toBe(1234);
    expect(prepare({}).body.max_tokens).toBe(64_000);
    expect(prepare({}, { model: 'claude-3-5-haiku-20241022' }).body.max_tokens).toBe(8192);
    expect(prepare({}, { model: 'claude-next-preview' }).body.max_tokens).toBe(4096);
  });

  it('rejects n > 1 naming n and anthropic; n = 1 is fine', () => {
    const error = thrown(() => prepare({ n: 2 }));
    expect(error.code).toBe('unsupported_parameter');
    expect(error.param).toBe('n');
    expect(error.message).toMatch(/anthropic/);
    expect(prepare({ n: 1 }).body.n).toBeUndefined();
  });

  it('drops seed, logprobs and penalties with a warning each', () => {
    const { body, warnings } = prepare({ seed: 7, logprobs: true, topLogprobs: 2, frequencyPenalty: 0.5 });
    expect(body.seed).toBeUndefined();
    expect(body.logprobs).toBeUndefined();
    expect(warnings).toHaveLength(3);
  });

  it('passes temperature and top_p, dropping top_p when both are set and lowering temperature above 1', () => {
    expect(prepare({ topP: 0.9 }).body.top_p).toBe(0.9);
    const both = prepare({ temperature: 0.2, topP: 0.9 });
    expect(both.body).toMatchObject({ temperature: 0.2 });
    expect(both.body.top_p).toBeUndefined();
    expect(both.warnings).toEqual(['top_p is not sent beside temperature: newer Anthropic models refuse both together']);
    expect(prepare({ temperature: 1.5 }).body.temperature).toBe(1);
    expect(prepare({ topK: 40 }).body.top_k).toBe(40);
  });

  it('maps stop to stop_sequences, leaving out whitespace-only ones with a warning', () => {
    const { body, warnings } = prepare({ stop: ['END', '\n'] });
    expect(body.stop_sequences).toEqual(['END']);
    expect(warnings).toHaveLength(1);
  });

  it('thinking from a budget or an effort, kept below max_tokens; sampling left at its default while thinking', () => {
    expect(prepare({ reasoningBudgetTokens: 2000, maxOutputTokens: 8000 }).body.thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
    expect(prepare({ reasoningEffort: 'high' }).body.thinking).toEqual({ type: 'enabled', budget_tokens: 16_384 });
    expect(prepare({ reasoningEffort: 'minimal' }).body.thinking).toBeUndefined();
    const lowered = prepare({ reasoningEffort: 'high', maxOutputTokens: 5000 });
    expect(lowered.body.thinking).toEqual({ type: 'enabled', budget_tokens: 4999 });
    expect(lowered.warnings[0]).toMatch(/lowered from 16384 to 4999/);
    const tooSmall = prepare({ reasoningEffort: 'low', maxOutputTokens: 800 });
    expect(tooSmall.body.thinking).toBeUndefined();
    const sampling = prepare({ reasoningEffort: 'low', temperature: 0.3, topK: 5 });
    expect(sampling.body.temperature).toBeUndefined();
    expect(sampling.body.top_k).toBeUndefined();
    expect(sampling.warnings).toHaveLength(2);
    expect(prepare({ reasoningEffort: 'low' }, { model: 'claude-3-5-sonnet-20241022' }).body.thinking).toBeUndefined();
  });

  it('does not think while a tool is forced, or when the last tool turn lacks its signed thinking', () => {
    const forced = prepare({ reasoningEffort: 'low', tools: [{ name: 't', parameters: { type: 'object' } }], toolChoice: 'required' });
    expect(forced.body.thinking).toBeUndefined();
    expect(forced.warnings[0]).toMatch(/^thinking not enabled: Anthropic does not allow it while a tool call is forced/);
    const loop: ChatRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      { role: 'assistant', content: [], toolCalls: [{ id: 'toolu_1', name: 't', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'done' }] },
    ];
    expect(prepare({ reasoningEffort: 'low', messages: loop }).body.thinking).toBeUndefined();
    const signed = structuredClone(loop);
    const assistant = signed[1];
    if (assistant?.role === 'assistant') assistant.reasoning = [{ text: 'use t', signature: 'sig-1' }, { text: '', redactedData: 'opaque' }];
    const { body } = prepare({ reasoningEffort: 'low', messages: signed });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect((body.messages as JsonObject[])[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'use t', signature: 'sig-1' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'tool_use', id: 'toolu_1', name: 't', input: {} },
      ],
    });
  });

  it('does not send unsigned reasoning (from another provider) back, and says so', () => {
    const { body, warnings } = prepare({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'a' }], reasoning: [{ text: 'deepseek thoughts' }] },
        { role: 'user', content: [{ type: 'text', text: 'q2' }] },
      ],
    });
    expect((body.messages as JsonObject[])[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'a' }] });
    expect(warnings[0]).toMatch(/^reasoning without a signature/);
  });

  it('response_format: a strict json_schema on a 4.5 model uses output_config.format; otherwise a forced tool', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    const native = prepare({ responseFormat: { type: 'json_schema', name: 'answer', schema, strict: true } });
    expect(native.body.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(native.body.tools).toBeUndefined();
    const older = prepare({ responseFormat: { type: 'json_schema', name: 'answer', schema, strict: true } }, { model: 'claude-sonnet-4-20250514' });
    expect(older.body.output_config).toBeUndefined();
    expect(older.body.tools).toEqual([{ name: RESPONSE_FORMAT_TOOL, description: 'Give your answer through this tool, as answer.', input_schema: schema }]);
    expect(older.body.tool_choice).toEqual({ type: 'tool', name: RESPONSE_FORMAT_TOOL });
    const withTools = prepare({ responseFormat: { type: 'json_object' }, tools: [{ name: 'lookup', parameters: { type: 'object' } }] });
    expect(withTools.body.tool_choice).toEqual({ type: 'any' });
    expect(withTools.warnings[0]).toMatch(/^response_format json_object/);
  });

  it('a JSON answer given through the response-format tool comes back as text, finished with stop', () => {
    const response = anthropicAdapter.translated.parseResponse({
      id: 'msg_1',
      type: 'message',
      model: 'claude-sonnet-4-20250514',
      content: [{ type: 'tool_use', id: 'toolu_9', name: RESPONSE_FORMAT_TOOL, input: { answer: 'yes' } }],
      stop_reason: 'tool_use',
      usage: { input_tokens: 5, output_tokens: 7 },
    });
    expect(response.choices[0]).toMatchObject({ text: '{"answer":"yes"}', toolCalls: [], finishReason: 'stop', rawFinishReason: 'tool_use' });
  });

  it('maps the latency tier and the end user, and streams when asked', () => {
    const instant = prepare({ endUser: 'u-1' }, { tier: 'instant', stream: true });
    expect(instant.body).toMatchObject({ service_tier: 'auto', metadata: { user_id: 'u-1' }, stream: true });
    const deferred = prepare({}, { tier: 'deferred' });
    expect(deferred.body.service_tier).toBe('standard_only');
    expect(deferred.warnings[0]).toMatch(/^tier deferred/);
    expect(prepare({}).body.service_tier).toBeUndefined();
  });

  it('refuses media in the system prompt, and documents Anthropic cannot read', () => {
    expect(thrown(() => prepare({ messages: [{ role: 'system', content: [{ type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }] }] })).code).toBe('unsupported_parameter');
    const docx = thrown(() => prepare({ messages: [{ role: 'user', content: [{ type: 'document', source: { kind: 'base64', mediaType: 'application/msword', data: 'AA==' } }] }] }));
    expect(docx.param).toBe('messages[0].content[0]');
  });
});

describe('strict tools', () => {
  it('sends strict only to models with structured outputs', () => {
    const tools: ChatRequest['tools'] = [{ name: 'f', parameters: { type: 'object' }, strict: true }];
    expect(prepare({ tools }).body.tools).toEqual([{ name: 'f', input_schema: { type: 'object' }, strict: true }]);
    expect(prepare({ tools }, { model: 'claude-3-5-haiku-20241022' }).body.tools).toEqual([{ name: 'f', input_schema: { type: 'object' } }]);
  });
});
