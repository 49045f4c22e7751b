/**
 * The Gemini adapter over real HTTP: prepared requests sent through the undici upstream client to a
 * local server replaying recorded Gemini answers, read back through the adapter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CAPTURES, chunksToSse, readCapture } from '../../../test/helpers/captures.js';
import { startReplayUpstream, type ReplayUpstream } from '../../../test/helpers/replay-upstream.js';
import type { StreamDelta } from '../../core/chat.js';
import type { ChatCallContext } from '../adapter.js';
import { DEFAULT_TIMEOUTS, readBodyText, UpstreamClient } from '../http/upstream-client.js';
import { SseSplitter } from '../http/sse-splitter.js';
import { geminiAdapter } from './gemini-adapter.js';

describe.skipIf(!HAS_CAPTURES)('gemini adapter over HTTP', () => {
  let upstream: ReplayUpstream;
  const client = new UpstreamClient();
  const context = (stream: boolean): ChatCallContext => ({
    account: { id: 'google', type: 'gemini', baseUrl: upstream.url, apiKey: 'g-key', headers: {} },
    model: 'gemini-3-pro-preview',
    stream,
    tier: 'standard',
  });
  const send = (stream: boolean) => {
    const prepared = geminiAdapter.translated.prepare({ model: 'x', stream, messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in SF?' }] }] }, context(stream));
    return client.send({ url: prepared.url, method: 'POST', headers: prepared.headers, body: prepared.body, timeouts: DEFAULT_TIMEOUTS, signal: new AbortController().signal });
  };

  beforeAll(async () => {
    upstream = await startReplayUpstream({ body: '{}' });
  });
  afterAll(async () => {
    await client.close();
    await upstream.close();
  });

  it('a whole answer: the request reaches :generateContent with the key header, the answer parses', async () => {
    upstream.respondWith({ body: readCapture('google/google-text.json') });
    const response = await send(false);
    const answer = geminiAdapter.translated.parseResponse(JSON.parse(await readBodyText(response.body)));
    expect(upstream.requests.at(-1)?.path).toBe('/v1beta/models/gemini-3-pro-preview:generateContent');
    expect(upstream.requests.at(-1)?.headers['x-goog-api-key']).toBe('g-key');
    expect(answer.choices[0]?.text).toMatch(/^There are \*\*3\*\* r's in strawberry/);
    expect(answer.usage?.output.reasoning).toBe(244);
  });

  it('a stream: SSE from :streamGenerateContent?alt=sse through the splitter and the parser', async () => {
    upstream.respondWith({ contentType: 'text/event-stream', body: chunksToSse(readCapture('google/google-tool-call.chunks.txt'), { done: false }).replaceAll('\n\n', '\r\n\r\n') });
    const response = await send(true);
    const splitter = new SseSplitter();
    const parser = geminiAdapter.translated.streamParser();
    const deltas: StreamDelta[] = [];
    for await (const chunk of response.body) for (const event of splitter.push(chunk as Buffer)) deltas.push(...parser.push(event));
    deltas.push(...parser.finish());
    expect(upstream.requests.at(-1)?.path).toBe('/v1beta/models/gemini-3-pro-preview:streamGenerateContent?alt=sse');
    expect(deltas.filter((delta) => delta.type === 'tool-call-start')).toHaveLength(1);
    expect(parser.isComplete()).toBe(true);
    expect(parser.usage()?.output).toEqual({ total: 60, text: 15, reasoning: 45 });
  });

  it('a 429 with RetryInfo is classified from the real status and body', async () => {
    upstream.respondWith({ status: 429, body: readCapture('google/google-429-retry-info.json') });
    const response = await send(false);
    const failure = geminiAdapter.classifyError(response.status, response.headers, await readBodyText(response.body), Date.now());
    expect(failure).toMatchObject({ errorClass: 'rate_limit', status: 429, retryAfterMs: 34_400 });
  });
});
