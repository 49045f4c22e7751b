import { describe, expect, it } from 'vitest';
import { TollgateError } from '../../../core/errors.js';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.js';
import { untranslatedOpenAIFields } from './untranslated-openai-fields.js';

function rejection(body: unknown): TollgateError {
  try {
    parseOpenAIChatRequest(body);
  } catch (error) {
    if (error instanceof TollgateError) return error;
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('parseOpenAIChatRequest', () => {
  it('reads every message shape: developer as system, part arrays, data-URL images, files, tool calls and tool messages', () => {
    const request = parseOpenAIChatRequest({
      model: 'smart',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'system', content: [{ type: 'text', text: 'Really.' }] },
        {
          role: 'user',
          name: 'ann',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"cat"}' } }],
          reasoning_details: [{ type: 'reasoning.text', text: 'look it up', signature: 'sig' }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'a cat' },
        { role: 'assistant', content: 'A cat.' },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'system', content: [{ type: 'text', text: 'Really.' }] },
      {
        role: 'user',
        name: 'ann',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'low' },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
          { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, title: 'a.pdf' },
        ],
      },
      { role: 'assistant', content: [], toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":"cat"}' }], reasoning: [{ text: 'look it up', signature: 'sig' }] },
      { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: 'a cat' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'A cat.' }] },
    ]);
    expect(request.stream).toBe(false);
  });

  it('reads every parameter', () => {
    const request = parseOpenAIChatRequest({
      model: 'smart',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      tools: [{ type: 'function', function: { name: 'f', description: 'does f', parameters: { type: 'object' }, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
      reasoning_effort: 'high',
      max_tokens: 100,
      max_completion_tokens: 200,
      stop: 'END',
      n: 2,
      seed: 7,
      logprobs: true,
      top_logprobs: 3,
      temperature: 1.5,
      top_p: 0.5,
      frequency_penalty: 0.1,
      presence_penalty: -0.1,
      user: 'u-1',
    });
    expect(request).toMatchObject({
      stream: true,
      tools: [{ name: 'f', description: 'does f', parameters: { type: 'object' }, strict: true }],
      toolChoice: { name: 'f' },
      parallelToolCalls: false,
      responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true },
      reasoningEffort: 'high',
      maxOutputTokens: 200,
      stop: ['END'],
      n: 2,
      seed: 7,
      logprobs: true,
      topLogprobs: 3,
      temperature: 1.5,
      topP: 0.5,
      frequencyPenalty: 0.1,
      presencePenalty: -0.1,
      endUser: 'u-1',
    });
    expect(parseOpenAIChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: 100, stop: ['a', 'b'], tool_choice: 'required' })).toMatchObject({
      maxOutputTokens: 100,
      stop: ['a', 'b'],
      toolChoice: 'required',
    });
  });

  it('reads the legacy functions / function_call shape as tools', () => {
    const request = parseOpenAIChatRequest({
      model: 'm',
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: null, function_call: { name: 'f', arguments: '{}' } },
        { role: 'function', name: 'f', content: 'done' },
      ],
      functions: [{ name: 'f', parameters: { type: 'object' } }],
      function_call: { name: 'f' },
    });
    expect(request.tools).toEqual([{ name: 'f', parameters: { type: 'object' } }]);
    expect(request.toolChoice).toEqual({ name: 'f' });
    expect(request.messages.slice(1)).toEqual([
      { role: 'assistant', content: [], toolCalls: [{ id: 'call_f', name: 'f', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'call_f', content: [{ type: 'text', text: 'done' }] },
    ]);
  });

  it('refuses wrong shapes with a 400 naming the field', () => {
    expect(rejection([]).code).toBe('invalid_request');
    expect(rejection({ messages: [{ role: 'user', content: 'x' }] }).param).toBe('model');
    expect(rejection({ model: 'm', messages: [] }).param).toBe('messages');
    const badTool = rejection({ model: 'm', messages: [{ role: 'assistant', tool_calls: [{ id: 'c', function: { name: 'f' } }] }] });
    expect(badTool.param).toBe('messages[0].tool_calls[0].function.arguments');
    expect(badTool.message).toMatch(/^messages\[0\]\.tool_calls\[0\]\.function\.arguments: /);
    expect(rejection({ model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 3 }).param).toBe('temperature');
    expect(rejection({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:nope' } }] }] }).param).toBe('messages[0].content[0].image_url.url');
  });

  it('refuses content no other provider can take with unsupported_parameter', () => {
    const audio = rejection({ model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] }] });
    expect(audio.code).toBe('unsupported_parameter');
    expect(audio.param).toBe('messages[0].content[0]');
    const fileId = rejection({ model: 'm', messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }] });
    expect(fileId.code).toBe('unsupported_parameter');
    expect(rejection({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'custom', custom: { name: 'c' } }] }).param).toBe('tools[0]');
  });

  it('names the fields it does not translate, leaving out OpenAI-service ones', () => {
    expect(untranslatedOpenAIFields({ model: 'm', messages: [], logit_bias: { 1: 2 }, store: true, prediction: { type: 'content' }, audio: null, stream_options: {} })).toEqual([
      'logit_bias',
      'prediction',
    ]);
  });
});
