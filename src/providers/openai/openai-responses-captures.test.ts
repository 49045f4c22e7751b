/**
 * The OpenAI Responses API usage mapping, on hand-made numbers and on the three recorded answers
 * in ../shared/fixtures/provider-captures/openai-responses (skipped, saying so, without them).
 */
import { describe, expect, it } from 'vitest';
import { HAS_CAPTURES, readCapture, responsesChunksToSse } from '../../../test/helpers/captures.js';
import { checkUsage } from '../../core/usage.js';
import { SseSplitter } from '../http/sse-splitter.js';
import { adapterFor, providerTypes } from '../registry.js';
import { convertOpenAIResponsesUsage } from './convert-openai-responses-usage.js';
import { openAIAdapter } from './openai-adapter.js';
import { OpenAIResponsesStreamTracker } from './openai-responses-stream-tracker.js';

describe('convertOpenAIResponsesUsage', () => {
  it('takes cached and cache-write tokens out of input_tokens, and reasoning out of output_tokens', () => {
    const raw = {
      input_tokens: 2000,
      input_tokens_details: { cached_tokens: 1500, cache_write_tokens: 200 },
      output_tokens: 500,
      output_tokens_details: { reasoning_tokens: 320 },
      total_tokens: 2500,
    };
    const usage = convertOpenAIResponsesUsage(raw);
    // 2000 input = 300 plain + 1500 cache reads + 200 cache writes; 500 output = 180 text + 320 reasoning.
    expect(usage?.input).toEqual({ total: 2000, noCache: 300, cacheRead: 1500, cacheWrite5m: 200, cacheWrite1h: 0 });
    expect(usage?.output).toEqual({ total: 500, text: 180, reasoning: 320 });
    expect(usage?.raw).toBe(raw);
    if (usage) expect(checkUsage(usage)).toEqual([]);
  });

  it('never lets a part exceed its total, and reads no usage from null, Chat Completions usage or garbage', () => {
    const usage = convertOpenAIResponsesUsage({ input_tokens: 10, input_tokens_details: { cached_tokens: 25 }, output_tokens: 4, output_tokens_details: { reasoning_tokens: 9 } });
    expect(usage?.input).toEqual({ total: 10, noCache: 0, cacheRead: 10, cacheWrite5m: 0, cacheWrite1h: 0 });
    expect(usage?.output).toEqual({ total: 4, text: 0, reasoning: 4 });
    expect(convertOpenAIResponsesUsage(null)).toBeUndefined();
    expect(convertOpenAIResponsesUsage({ prompt_tokens: 5, completion_tokens: 1 })).toBeUndefined();
    expect(convertOpenAIResponsesUsage({ input_tokens: 'many' })).toBeUndefined();
  });
});

describe.skipIf(!HAS_CAPTURES)('OpenAI Responses API captures through the openai adapter', () => {
  const responses = openAIAdapter.responses;
  if (!responses) throw new Error('the openai adapter serves the Responses API');

  it('openai-responses/issue-20047-openai-responses.json: 12 input (0 cached, 0 cache writes), 2 output (0 reasoning)', () => {
    const body: unknown = JSON.parse(readCapture('openai-responses/issue-20047-openai-responses.json'));
    const usage = responses.usageFromBody(body);
    expect(usage?.input).toEqual({ total: 12, noCache: 12, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });
    expect(usage?.output).toEqual({ total: 2, text: 2, reasoning: 0 });
    expect(usage?.serviceTier).toBe('default');
    expect(responses.modelFromBody(body)).toBe('gpt-4o-mini-2024-07-18');
  });

  it('openai-responses/openai-reasoning-encrypted-content.1.json: 865 input, 163 output = 35 text + 128 reasoning', () => {
    // The file starts with a blank line, as stored.
    const body: unknown = JSON.parse(readCapture('openai-responses/openai-reasoning-encrypted-content.1.json'));
    const usage = responses.usageFromBody(body);
    expect(usage?.input).toEqual({ total: 865, noCache: 865, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });
    expect(usage?.output).toEqual({ total: 163, text: 35, reasoning: 128 });
    expect(responses.modelFromBody(body)).toBe('gpt-5-mini-2025-08-07');
    if (usage) expect(checkUsage(usage)).toEqual([]);
  });

  it('openai-responses/issue-20047-openai-responses.chunks.txt: usage only in response.completed (12 in, 2 out), inside its response', () => {
    const splitter = new SseSplitter();
    const events = splitter.push(responsesChunksToSse(readCapture('openai-responses/issue-20047-openai-responses.chunks.txt')));
    expect(events).toHaveLength(9);
    const tracker = responses.trackStream();
    expect(tracker).toBeInstanceOf(OpenAIResponsesStreamTracker);
    const observations = events.map((event) => tracker.observe(event));
    expect(observations.map((observation) => observation.carriesFinalUsage)).toEqual([false, false, false, false, false, false, false, false, true]);
    expect(observations.some((observation) => observation.isTerminal || observation.isUsageOnly || observation.failure)).toBe(false);
    expect(observations[8]?.usageWithin).toBe('response');
    expect(observations[0]?.model).toBe('gpt-4o-mini-2024-07-18');
    expect(observations.filter((observation) => observation.model !== undefined)).toHaveLength(1);
    const usage = tracker.usage();
    expect(usage?.input).toEqual({ total: 12, noCache: 12, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });
    expect(usage?.output).toEqual({ total: 2, text: 2, reasoning: 0 });
    // response.created says "auto"; the completed response says which tier served.
    expect(usage?.serviceTier).toBe('default');
    expect(tracker.producedText()).toBe('OK');
    expect(responses.modelFromBody(JSON.parse(events[0]?.data ?? '{}'))).toBe('gpt-4o-mini-2024-07-18');
  });
});

describe('OpenAIResponsesStreamTracker on failures', () => {
  const observe = (type: string, data: object) => new OpenAIResponsesStreamTracker().observe({ raw: '', event: type, data: JSON.stringify({ type, ...data }) });

  it('reads an error event and a failed response as in-band failures', () => {
    expect(observe('error', { code: 'server_error', message: 'boom', param: null }).failure).toEqual({ errorClass: 'server_error', status: null, message: 'boom', providerCode: 'server_error' });
    const failed = observe('response.failed', { response: { model: 'gpt-4o', error: { code: 'rate_limit_exceeded', message: 'slow down' }, usage: null } });
    expect(failed.failure?.message).toBe('slow down');
    expect(failed.failure?.providerCode).toBe('rate_limit_exceeded');
  });

  it('takes usage from response.incomplete too (max_output_tokens reached)', () => {
    const observation = observe('response.incomplete', { response: { status: 'incomplete', usage: { input_tokens: 3, output_tokens: 16, output_tokens_details: { reasoning_tokens: 0 } } } });
    expect(observation.carriesFinalUsage).toBe(true);
  });
});

describe('the Responses API on the adapters', () => {
  it('only openai and azure-openai serve it; azure on its v1 surface with the deployment as model and no metadata', () => {
    expect(providerTypes().filter((type) => adapterFor(type)?.responses !== undefined).sort()).toEqual(['azure-openai', 'openai']);
    const azure = adapterFor('azure-openai')?.responses;
    const account = { id: 'azure', type: 'azure-openai', baseUrl: 'https://acme.openai.azure.com', apiKey: 'az-key', headers: {} };
    const prepared = azure?.prepare({ model: 'x', input: 'hi', stream: true, metadata: { feature: 'f', run: '1' } }, { account, model: 'prod-mini', stream: true, tier: 'standard' });
    expect(prepared?.url).toBe('https://acme.openai.azure.com/openai/v1/responses');
    expect(prepared?.headers['api-key']).toBe('az-key');
    expect(JSON.parse(prepared?.body ?? '{}')).toEqual({ model: 'prod-mini', input: 'hi', stream: true });
  });

  it('openai: the body keeps unknown fields and stream_options as sent, with Tollgate-only metadata keys removed', () => {
    const account = { id: 'openai', type: 'openai', baseUrl: 'https://api.openai.com/v1/', apiKey: 'sk-x', headers: {} };
    const prepared = openAIAdapter.responses?.prepare(
      { model: 'smart', input: [{ role: 'user', content: 'hi' }], stream: true, reasoning: { effort: 'low' }, metadata: { user: 'u', run: '7' } },
      { account, model: 'gpt-5-mini', stream: true, tier: 'standard' },
    );
    expect(prepared?.url).toBe('https://api.openai.com/v1/responses');
    expect(prepared?.headers.authorization).toBe('Bearer sk-x');
    expect(JSON.parse(prepared?.body ?? '{}')).toEqual({ model: 'gpt-5-mini', input: [{ role: 'user', content: 'hi' }], stream: true, reasoning: { effort: 'low' }, metadata: { run: '7' } });
  });
});
