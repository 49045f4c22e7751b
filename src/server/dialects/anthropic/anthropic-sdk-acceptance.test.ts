/**
 * What the Anthropic renderers produce is what the official `@anthropic-ai/sdk` client accepts:
 * recorded OpenAI-format answers go through the OpenAI translation lane, are rendered as
 * Anthropic messages and SSE events, served over real HTTP, and read back with the SDK.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatResponse, StreamDelta } from '../../../core/chat.js';
import type { Usage } from '../../../core/usage.js';
import { SseSplitter } from '../../../providers/http/sse-splitter.js';
import { createOpenAICompatibleAdapter, openAIAdapter } from '../../../providers/openai/openai-adapter.js';
import { HAS_CAPTURES, chunksToSse, readCapture } from '../../../../test/helpers/captures.js';
import { AnthropicEventRenderer } from './anthropic-event-renderer.js';
import { renderAnthropicMessage } from './render-anthropic-message.js';

type Answer = { kind: 'sync'; response: ChatResponse } | { kind: 'stream'; deltas: StreamDelta[]; usage: Usage | undefined };

let server: Server;
let client: Anthropic;
let next: Answer;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (next.kind === 'sync') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(renderAnthropicMessage(next.response, next.response.usage)));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const renderer = new AnthropicEventRenderer({ id: 'msg_tollgate', model: 'route', ping: true });
      for (const delta of next.deltas) response.write(renderer.render(delta));
      response.end(renderer.end(next.usage));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new Anthropic({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: 'test', maxRetries: 0 });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const xai = createOpenAICompatibleAdapter({ type: 'xai', defaultBaseUrl: 'https://api.x.ai/v1', usage: { reasoningOutsideCompletion: true } });

function openAIStream(path: string, adapter = openAIAdapter): Answer {
  const parser = adapter.translated.streamParser();
  const deltas = new SseSplitter().push(chunksToSse(readCapture(path))).flatMap((event) => parser.push(event));
  deltas.push(...parser.finish());
  return { kind: 'stream', deltas, usage: parser.usage() };
}

const ask = { model: 'smart', max_tokens: 1024, messages: [{ role: 'user' as const, content: 'hi' }] };

describe.skipIf(!HAS_CAPTURES)('Anthropic SDK reads translated OpenAI-format captures', () => {
  it('xai-tool-call.chunks.txt streamed: thinking, a tool_use with parsed input, tool_use stop, cache reads in usage', async () => {
    next = openAIStream('xai/xai-tool-call.chunks.txt', xai);
    const message = await client.messages.stream(ask).finalMessage();
    expect(message.id).toBe('de9d896d-e946-b3a7-bb14-75ab33326930');
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    const thinking = message.content[0];
    expect(thinking?.type === 'thinking' ? thinking.thinking : undefined).toBe('First, the user is');
    expect(message.content[1]).toMatchObject({ type: 'tool_use', id: 'call_55117580', name: 'weather', input: { location: 'San Francisco' } });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 1, cache_read_input_tokens: 290, output_tokens: 26 + 196 });
  });

  it('mistral-tool-call.chunks.txt streamed: an index-less whole call arrives as one tool_use', async () => {
    next = openAIStream('mistral/mistral-tool-call.chunks.txt');
    const message = await client.messages.stream(ask).finalMessage();
    expect(message.content).toEqual([{ type: 'tool_use', id: 'gSIMJiOkT', name: 'weather', input: { location: 'San Francisco' } }]);
    expect(message.usage).toMatchObject({ input_tokens: 124, output_tokens: 22 });
  });

  it('deepseek-tool-call.json whole: a message with thinking, tool_use and usage', async () => {
    next = { kind: 'sync', response: openAIAdapter.translated.parseResponse(JSON.parse(readCapture('deepseek/deepseek-tool-call.json'))) };
    const message = await client.messages.create(ask);
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 374, output_tokens: 60 });
  });

  it('openai-text.json whole: plain text, end_turn', async () => {
    next = { kind: 'sync', response: openAIAdapter.translated.parseResponse(JSON.parse(readCapture('openai-chat/openai-text.json'))) };
    const message = await client.messages.create(ask);
    expect(message.content[0]?.type === 'text' ? message.content[0].text.startsWith('**Holiday Name:** Galaxy Day') : false).toBe(true);
    expect(message.stop_reason).toBe('end_turn');
  });
});

describe('Anthropic SDK reads rendered deltas', () => {
  it('signed thinking, text and two tool calls stream into a message the SDK assembles', async () => {
    next = {
      kind: 'stream',
      usage: undefined,
      deltas: [
        { type: 'message-start', id: 'msg_x', model: 'gemini-2.5-pro' },
        { type: 'reasoning-delta', choice: 0, text: 'Plan.' },
        { type: 'reasoning-delta', choice: 0, text: '', signature: 'sig-1' },
        { type: 'text-delta', choice: 0, text: 'Looking up.' },
        { type: 'tool-call-start', choice: 0, index: 0, id: 'call_a', name: 'lookup' },
        { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '{"q":"a"}' },
        { type: 'tool-call-start', choice: 0, index: 1, id: 'call_b', name: 'lookup' },
        { type: 'tool-call-delta', choice: 0, index: 1, argumentsDelta: '{"q":"b"}' },
        { type: 'finish', choice: 0, reason: 'tool_calls' },
      ],
    };
    const message = await client.messages.stream(ask).finalMessage();
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Plan.', signature: 'sig-1' },
      { type: 'text', text: 'Looking up.' },
      { type: 'tool_use', id: 'call_a', name: 'lookup', input: { q: 'a' } },
      { type: 'tool_use', id: 'call_b', name: 'lookup', input: { q: 'b' } },
    ]);
    expect(message.model).toBe('gemini-2.5-pro');
  });
});
