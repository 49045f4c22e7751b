/**
 * The Cohere adapter over real HTTP: prepared requests sent through the undici upstream client to a
 * local server replaying recorded Cohere answers, read back through the adapter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CAPTURES, readCapture } from '../../../test/helpers/captures.js';
import { startReplayUpstream, type ReplayUpstream } from '../../../test/helpers/replay-upstream.js';
import type { StreamDelta } from '../../core/chat.js';
import type { ChatCallContext } from '../adapter.js';
import { DEFAULT_TIMEOUTS, readBodyText, UpstreamClient } from '../http/upstream-client.js';
import { SseSplitter } from '../http/sse-splitter.js';
import { cohereAdapter } from './cohere-adapter.js';

describe.skipIf(!HAS_CAPTURES)('cohere adapter over HTTP', () => {
  let upstream: ReplayUpstream;
  const client = new UpstreamClient();
  const send = (stream: boolean) => {
    const context: ChatCallContext = { account: { id: 'co', type: 'cohere', baseUrl: upstream.url, apiKey: 'co-key', headers: {} }, model: 'command-a-03-2025', stream, tier: 'standard' };
    const prepared = cohereAdapter.translated.prepare({ model: 'x', stream, messages: [{ role: 'user', content: [{ type: 'text', text: 'Capital of France?' }] }] }, context);
    return client.send({ url: prepared.url, method: 'POST', headers: prepared.headers, body: prepared.body, timeouts: DEFAULT_TIMEOUTS, signal: new AbortController().signal });
  };

  beforeAll(async () => {
    upstream = await startReplayUpstream({ body: '{}' });
  });
  afterAll(async () => {
    await client.close();
    await upstream.close();
  });

  it('a whole answer from /v2/chat with bearer auth', async () => {
    upstream.respondWith({ body: readCapture('cohere/cohere-text.json') });
    const response = await send(false);
    const answer = cohereAdapter.translated.parseResponse(JSON.parse(await readBodyText(response.body)));
    expect(upstream.requests.at(-1)?.path).toBe('/v2/chat');
    expect(upstream.requests.at(-1)?.headers.authorization).toBe('Bearer co-key');
    expect(answer.choices[0]?.text).toBe('The capital of France is Paris.');
    expect(answer.usage?.input.total).toBe(12);
  });

  it('a stream of named SSE events through the splitter and the parser', async () => {
    const lines = readCapture('cohere/cohere-tool-call.chunks.txt').trim().split('\n');
    const sse = lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`).join('');
    upstream.respondWith({ contentType: 'text/event-stream', body: sse });
    const response = await send(true);
    expect(JSON.parse(upstream.requests.at(-1)?.body ?? '{}')).toMatchObject({ stream: true });
    const splitter = new SseSplitter();
    const parser = cohereAdapter.translated.streamParser();
    const deltas: StreamDelta[] = [];
    for await (const chunk of response.body) for (const event of splitter.push(chunk as Buffer)) deltas.push(...parser.push(event));
    deltas.push(...parser.finish());
    expect(deltas.filter((delta) => delta.type === 'tool-call-end')).toHaveLength(2);
    expect(parser.usage()).toMatchObject({ input: { total: 119 }, output: { total: 44 } });
  });

  it('a 429 is classified from the real status, Retry-After header and body', async () => {
    upstream.respondWith({ status: 429, headers: { 'retry-after': '2' }, body: '{"id":"x","message":"You are using a Trial key, which is limited to 10 API calls / minute."}' });
    const response = await send(false);
    const failure = cohereAdapter.classifyError(response.status, response.headers, await readBodyText(response.body), Date.now());
    expect(failure).toMatchObject({ errorClass: 'rate_limit', status: 429, retryAfterMs: 2000 });
  });
});
