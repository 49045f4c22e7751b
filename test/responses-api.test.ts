/**
 * POST /v1/responses over real HTTP: the official OpenAI client against the gateway in front of
 * the simulator (sync, stream, failover, ledger, budgets, refusals), and recorded Responses API
 * answers replayed through the gateway (the recorded bytes plus Tollgate's cost members).
 */
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsd } from '../src/core/money.js';
import { startGateway, type RunningGateway } from '../src/server/start-gateway.js';
import { getRequest } from '../src/store/ledger-queries.js';
import { HAS_CAPTURES, readCapture, responsesChunksToSse } from './helpers/captures.js';
import { startReplayUpstream, type ReplayUpstream } from './helpers/replay-upstream.js';
import { startStack, type Stack } from './helpers/start-stack.js';
import { makeTempDir } from './helpers/temp-dir.js';

interface CostedUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  cost: number | null;
  cost_details: Record<string, number> | null;
  cost_status: string;
}

/** gpt-4o-mini list prices in picodollars per token: $0.15/M input, $0.075/M cached, $0.60/M output. */
function gpt4oMiniPico(usage: CostedUsage): bigint {
  const cached = BigInt(usage.input_tokens_details.cached_tokens);
  return (BigInt(usage.input_tokens) - cached) * 150_000n + cached * 75_000n + BigInt(usage.output_tokens) * 600_000n;
}

const COST_MEMBERS = /,"cost":[^,]*,"cost_details":(?:null|\{[^}]*\}),"cost_status":"[a-z]+"/;

describe('POST /v1/responses through the gateway, in front of the simulator', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      config: (simUrl) => ({
        providers: {
          openai: { type: 'openai', apiKey: 'sk-test', baseUrl: `${simUrl}/v1` },
          backup: { type: 'openai', apiKey: 'sk-test', baseUrl: `${simUrl}/openai/v1` },
          anthropic: { type: 'anthropic', apiKey: 'sk-ant-test', baseUrl: `${simUrl}/anthropic` },
          deepseek: { type: 'deepseek', apiKey: 'sk-ds-test', baseUrl: `${simUrl}/deepseek` },
        },
        routes: { smart: { strategy: 'fallback', targets: ['openai/gpt-4o', 'backup/gpt-4o-mini'] } },
        budgets: [{ name: 'tiny-feature', scope: { feature: 'tiny' }, limitUsd: '0.0000001', period: 'day' }],
      }),
    });
  });
  afterAll(async () => stack.close());

  it('sync: the SDK reads the answer; usage carries the cost, the headers say who served, the ledger has the row', async () => {
    const { data, response } = await stack.openai.responses
      .create({ model: 'openai/gpt-4o-mini', instructions: 'Be terse.', input: 'Name a colour.', metadata: { feature: 'colours' } }, { headers: { 'x-tollgate-user': 'alice' } })
      .withResponse();
    expect(data.object).toBe('response');
    expect(data.output_text.length).toBeGreaterThan(0);
    const usage = data.usage as unknown as CostedUsage;
    expect(usage.cost_status).toBe('exact');
    const expectedPico = gpt4oMiniPico(usage);
    expect(response.headers.get('x-tollgate-cost-usd')).toBe(formatUsd(expectedPico));
    expect(String(usage.cost)).toBe(formatUsd(expectedPico));
    expect(response.headers.get('x-tollgate-provider')).toBe('openai');
    expect(response.headers.get('x-tollgate-model')).toBe('gpt-4o-mini-2024-07-18');
    expect(response.headers.get('x-tollgate-attempts')).toBe('1');
    const requestId = response.headers.get('x-tollgate-request-id') ?? '';
    await stack.gateway.context.ledger.flush();
    const record = await getRequest(stack.gateway.store, requestId);
    expect(record?.endpoint).toBe('responses');
    expect(record?.dialect).toBe('openai');
    expect(record?.user).toBe('alice');
    expect(record?.feature).toBe('colours');
    expect(record?.streamed).toBe(false);
    expect(record?.tokens.input).toBe(usage.input_tokens);
    expect(record?.tokens.output).toBe(usage.output_tokens);
    expect(record?.cost.totalPico).toBe(expectedPico);
  });

  it('stream: events arrive as sent, and response.completed carries the cost inside its usage; the ledger row matches', async () => {
    const { data: stream, response } = await stack.openai.responses.create({ model: 'openai/gpt-4o-mini', input: 'Describe the sea.', stream: true }).withResponse();
    const types: string[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(text.length).toBeGreaterThan(0);
    const usage = completed?.usage as unknown as CostedUsage;
    expect(usage.cost_status).toBe('exact');
    expect(String(usage.cost)).toBe(formatUsd(gpt4oMiniPico(usage)));
    expect(response.headers.get('x-tollgate-provider')).toBe('openai');
    await stack.gateway.context.ledger.flush();
    const record = await getRequest(stack.gateway.store, response.headers.get('x-tollgate-request-id') ?? '');
    expect(record?.endpoint).toBe('responses');
    expect(record?.streamed).toBe(true);
    expect(record?.tokens.output).toBe(usage.output_tokens);
    expect(record?.cost.totalPico).toBe(gpt4oMiniPico(usage));
  });

  it('stream: a target that fails before its first event falls back to the next one', async () => {
    stack.sim.setModelBehaviour('gpt-4o', { fault: 'server_error', faultCount: 1 });
    const { data: stream, response } = await stack.openai.responses.create({ model: 'smart', input: 'Hello?', stream: true }).withResponse();
    let completed = false;
    for await (const event of stream) if (event.type === 'response.completed') completed = true;
    expect(completed).toBe(true);
    expect(response.headers.get('x-tollgate-attempts')).toBe('2');
    expect(response.headers.get('x-tollgate-provider')).toBe('backup');
    expect(response.headers.get('x-tollgate-route')).toBe('smart');
  });

  it('refuses a target that is not an OpenAI-format provider serving the Responses API with a clear 400', async () => {
    for (const model of ['anthropic/claude-sonnet-4-5', 'deepseek/deepseek-chat']) {
      for (const stream of [false, true]) {
        const response = await fetch(`${stack.gateway.url}/v1/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model, input: 'Hi', stream }),
        });
        expect(response.status).toBe(400);
        const body = (await response.json()) as { error: { message: string; type: string; param: string | null; code: string } };
        expect(body.error.type).toBe('invalid_request_error');
        expect(body.error.param).toBe('model');
        expect(body.error.message).toContain(`model "${model}"`);
        expect(body.error.message).toContain('relayed only to OpenAI-format providers');
      }
    }
    await expect(stack.openai.responses.create({ model: 'anthropic/claude-sonnet-4-5', input: 'Hi' })).rejects.toMatchObject({ status: 400 });
  });

  it('holds the request to budgets, and names a missing model field', async () => {
    const refused = await fetch(`${stack.gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tollgate-feature': 'tiny' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', input: 'Hi' }),
    });
    expect(refused.status).toBe(402);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('budget_exceeded');
    const missing = await fetch(`${stack.gateway.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":"Hi"}' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { param: string } }).error.param).toBe('model');
  });
});

describe.skipIf(!HAS_CAPTURES)('OpenAI Responses API capture replay through the gateway', () => {
  let upstream: ReplayUpstream;
  let gateway: RunningGateway;
  const temp = makeTempDir();

  beforeAll(async () => {
    upstream = await startReplayUpstream({ body: '{}' });
    gateway = await startGateway({
      env: {},
      logLevel: 'warn',
      config: {
        server: { port: 0 },
        storage: { url: `sqlite://${temp.path}/t.db` },
        ledger: { journalDir: `${temp.path}/journal` },
        providers: {
          recorded: { type: 'openai', apiKey: 'sk-x', baseUrl: upstream.url },
          azure: { type: 'azure-openai', apiKey: 'az-key', baseUrl: upstream.url, deployments: { 'prod-mini': 'gpt-4o-mini' } },
        },
      },
    });
  });

  afterAll(async () => {
    await gateway.close();
    await upstream.close();
    temp.cleanup();
  });

  const post = (body: object): Promise<Response> =>
    fetch(`${gateway.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('issue-20047-openai-responses.json: the recorded body plus cost, priced at gpt-4o-mini rates, and its ledger row', async () => {
    const recorded = readCapture('openai-responses/issue-20047-openai-responses.json');
    upstream.respondWith({ body: recorded });
    const response = await post({ model: 'recorded/gpt-4o-mini', input: 'Say OK' });
    const text = await response.text();
    expect(text.replace(COST_MEMBERS, '')).toBe(recorded);
    const usage = (JSON.parse(text) as { usage: CostedUsage }).usage;
    // 12 input tokens at $0.15/M = $0.0000018; 2 output tokens at $0.60/M = $0.0000012.
    expect(response.headers.get('x-tollgate-cost-usd')).toBe('0.000003');
    expect(usage.cost).toBe(0.000003);
    expect(usage.cost_details).toEqual({ input: 0.0000018, output: 0.0000012 });
    expect(usage.cost_status).toBe('exact');
    expect(response.headers.get('x-tollgate-model')).toBe('gpt-4o-mini-2024-07-18');
    const sent = upstream.requests.at(-1);
    expect(sent?.path).toBe('/responses');
    expect(JSON.parse(sent?.body ?? '{}')).toEqual({ model: 'gpt-4o-mini', input: 'Say OK' });
    await gateway.context.ledger.flush();
    const record = await getRequest(gateway.store, response.headers.get('x-tollgate-request-id') ?? '');
    expect(record?.endpoint).toBe('responses');
    expect(record?.tokens).toMatchObject({ input: 12, inputNoCache: 12, cacheRead: 0, output: 2, outputText: 2, reasoning: 0 });
    expect(record?.cost.totalPico).toBe(3_000_000n);
  });

  it('issue-20047-openai-responses.chunks.txt: the recorded events byte for byte, the cost inside response.completed', async () => {
    const recorded = responsesChunksToSse(readCapture('openai-responses/issue-20047-openai-responses.chunks.txt'));
    upstream.respondWith({ body: recorded, contentType: 'text/event-stream' });
    const response = await post({ model: 'recorded/gpt-4o-mini', input: 'Say OK', stream: true });
    const text = await response.text();
    expect(text.replace(COST_MEMBERS, '')).toBe(recorded);
    const last = text.trim().split('\n\n').at(-1) ?? '';
    expect(last.startsWith('event: response.completed\ndata: ')).toBe(true);
    const event = JSON.parse(last.slice(last.indexOf('data: ') + 6)) as { response: { usage: CostedUsage; tool_usage: { image_gen: Record<string, unknown> } } };
    // The same 12 + 2 tokens: $0.0000018 + $0.0000012.
    expect(event.response.usage.cost).toBe(0.000003);
    expect(event.response.usage.cost_details).toEqual({ input: 0.0000018, output: 0.0000012 });
    expect(event.response.usage.cost_status).toBe('exact');
    expect(event.response.tool_usage.image_gen).not.toHaveProperty('cost');
    expect(response.headers.get('x-tollgate-model')).toBe('gpt-4o-mini-2024-07-18');
    await gateway.context.ledger.flush();
    const record = await getRequest(gateway.store, response.headers.get('x-tollgate-request-id') ?? '');
    expect(record?.streamed).toBe(true);
    expect(record?.tokens).toMatchObject({ input: 12, output: 2 });
    expect(record?.cost.totalPico).toBe(3_000_000n);
  });

  it('openai-reasoning-encrypted-content.1.json: reasoning billed apart, priced at gpt-5-mini rates', async () => {
    const recorded = readCapture('openai-responses/openai-reasoning-encrypted-content.1.json');
    upstream.respondWith({ body: recorded });
    const response = await post({ model: 'recorded/gpt-5-mini', input: 'Compute step by step', reasoning: { effort: 'high', summary: 'detailed' } });
    const text = await response.text();
    expect(text.replace(COST_MEMBERS, '')).toBe(recorded);
    const usage = (JSON.parse(text) as { usage: CostedUsage }).usage;
    // 865 input at $0.25/M = $0.00021625; 35 text + 128 reasoning tokens at $2/M = $0.00007 + $0.000256.
    expect(usage.cost_details).toEqual({ input: 0.00021625, output: 0.00007, reasoning: 0.000256 });
    expect(response.headers.get('x-tollgate-cost-usd')).toBe('0.00054225');
  });

  it('azure-openai: relayed to /openai/v1/responses with the deployment as model, priced as the model it runs', async () => {
    upstream.respondWith({ body: readCapture('openai-responses/issue-20047-openai-responses.json') });
    const response = await post({ model: 'azure/prod-mini', input: 'Say OK', metadata: { run: '1' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-tollgate-cost-usd')).toBe('0.000003');
    const sent = upstream.requests.at(-1);
    expect(sent?.path).toBe('/openai/v1/responses');
    expect(sent?.headers['api-key']).toBe('az-key');
    expect(JSON.parse(sent?.body ?? '{}')).toEqual({ model: 'prod-mini', input: 'Say OK' });
  });
});
