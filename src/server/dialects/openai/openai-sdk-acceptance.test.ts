/**
 * What the OpenAI renderers produce is what the official `openai` client accepts: recorded
 * Anthropic answers go through the Anthropic adapter's translation, are rendered as OpenAI
 * chat completions and chunks, served over real HTTP, and read back with the SDK.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatResponse, StreamDelta } from '../../../core/chat.js';
import type { Usage } from '../../../core/usage.js';
import { anthropicAdapter } from '../../../providers/anthropic/anthropic-adapter.js';
import { parseSseEvent } from '../../../providers/http/sse-splitter.js';
import { HAS_CAPTURES, readCapture } from '../../../../test/helpers/captures.js';
import { OpenAIChunkRenderer } from './openai-chunk-renderer.js';
import { openAIUsageJson } from './openai-usage-json.js';
import { renderOpenAIChatCompletion } from './render-openai-chat-completion.js';

/** What the server answers next: a whole response, or a stream of deltas with its final usage. */
type Answer = { kind: 'sync'; response: ChatResponse } | { kind: 'stream'; deltas: StreamDelta[]; usage: Usage | undefined };

let server: Server;
let client: OpenAI;
let next: Answer;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (next.kind === 'sync') {
        response.writeHead(200, { 'content-type': 'application/json' });
        const usage = next.response.usage ? openAIUsageJson(next.response.usage) : undefined;
        response.end(JSON.stringify(renderOpenAIChatCompletion(next.response, usage)));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const renderer = new OpenAIChunkRenderer({ id: 'tg-fallback', model: 'route', created: 1_700_000_000 });
      for (const delta of next.deltas) for (const chunk of renderer.render(delta)) response.write(`data: ${JSON.stringify(chunk)}\n\n`);
      if (next.usage) response.write(`data: ${JSON.stringify(renderer.usageChunk(openAIUsageJson(next.usage)))}\n\n`);
      response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new OpenAI({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, apiKey: 'test', maxRetries: 0 });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function anthropicStream(path: string): Answer {
  const parser = anthropicAdapter.translated.streamParser();
  const deltas = readCapture(path)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      const event = parseSseEvent(`data: ${line}\n\n`);
      return event ? parser.push(event) : [];
    });
  deltas.push(...parser.finish());
  return { kind: 'stream', deltas, usage: parser.usage() };
}

const ask = { model: 'smart', messages: [{ role: 'user' as const, content: 'hi' }] };

describe.skipIf(!HAS_CAPTURES)('OpenAI SDK reads translated Anthropic captures', () => {
  it('a streamed text + tool call (anthropic-tool-no-args.chunks.txt) accumulates into one completion with usage', async () => {
    next = anthropicStream('anthropic/anthropic-tool-no-args.chunks.txt');
    const stream = client.chat.completions.stream({ ...ask, stream_options: { include_usage: true } });
    const completion = await stream.finalChatCompletion();
    const choice = completion.choices[0];
    expect(completion.id).toBe('msg_01GE2RKp1VYsPzdFs3sS9z5S');
    expect(choice?.message.content).toBe("I'll update the issue list for you.");
    expect(choice?.message.tool_calls).toEqual([{ id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', type: 'function', function: { name: 'updateIssueList', arguments: '{}' } }]);
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(completion.usage).toMatchObject({ prompt_tokens: 565, completion_tokens: 48, total_tokens: 613 });
  });

  it('the prompt-cache stream reports cache reads as cached_tokens within prompt_tokens', async () => {
    next = anthropicStream('anthropic/anthropic-code-execution-20260120-prompt-cache.1.chunks.txt');
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of await client.chat.completions.create({ ...ask, stream: true, stream_options: { include_usage: true } })) chunks.push(chunk);
    const usage = chunks.at(-1)?.usage;
    expect(usage?.prompt_tokens).toBe(6 + 3337 + 6289);
    expect(usage?.prompt_tokens_details?.cached_tokens).toBe(6289);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('The sum of the squares of the numbers 1 through 12 is **650**.');
  });

  it('a whole thinking + tool answer (issue-13430) parses as a chat.completion', async () => {
    next = { kind: 'sync', response: anthropicAdapter.translated.parseResponse(JSON.parse(readCapture('anthropic/issue-13430-thinking-tool-call.json'))) };
    const completion = await client.chat.completions.create(ask);
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({ id: 'toolu_017R7ACrx7NF7sLDDtvdQ1u9', function: { name: 'checkSandboxErrors', arguments: '{}' } });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.usage).toMatchObject({ prompt_tokens: 599, completion_tokens: 59, completion_tokens_details: { reasoning_tokens: 18 } });
    expect((completion.choices[0]?.message as unknown as { reasoning_details: unknown[] }).reasoning_details).toHaveLength(1);
  });
});

describe('OpenAI SDK reads rendered deltas', () => {
  it('parallel tool calls with reasoning, streamed, accumulate correctly with the stream helper', async () => {
    next = {
      kind: 'stream',
      usage: undefined,
      deltas: [
        { type: 'message-start', id: 'msg_x', model: 'claude-x' },
        { type: 'reasoning-delta', choice: 0, text: 'Two lookups.' },
        { type: 'reasoning-delta', choice: 0, text: '', signature: 'sig' },
        { type: 'tool-call-start', choice: 0, index: 0, id: 'call_a', name: 'lookup' },
        { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '{"q":' },
        { type: 'tool-call-start', choice: 0, index: 1, id: 'call_b', name: 'lookup' },
        { type: 'tool-call-delta', choice: 0, index: 0, argumentsDelta: '"a"}' },
        { type: 'tool-call-delta', choice: 0, index: 1, argumentsDelta: '{"q":"b"}' },
        { type: 'tool-call-end', choice: 0, index: 0 },
        { type: 'tool-call-end', choice: 0, index: 1 },
        { type: 'finish', choice: 0, reason: 'tool_calls' },
      ],
    };
    const completion = await client.chat.completions.stream(ask).finalChatCompletion();
    expect(completion.choices[0]?.message.tool_calls?.map((call) => (call.type === 'function' ? [call.id, call.function.arguments] : []))).toEqual([
      ['call_a', '{"q":"a"}'],
      ['call_b', '{"q":"b"}'],
    ]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });
});
