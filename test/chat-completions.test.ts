/**
 * The OpenAI-compatible endpoint driven by the official `openai` client against the simulator:
 * sync, multi-turn, streaming with and without usage, tools, structured output, and the cost and
 * attribution it reports.
 */
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequest } from '../src/store/ledger-queries.js';
import { startStack, type Stack } from './helpers/start-stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack.close();
});

interface CostedUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cost: number | null;
  cost_details: Record<string, number> | null;
  cost_status: string;
}

function sumDetails(details: Record<string, number> | null): number {
  return Object.values(details ?? {}).reduce((sum, value) => sum + value, 0);
}

describe('POST /v1/chat/completions, sync', () => {
  it('answers with the cost of exactly what was used, and says who served it', async () => {
    const { data, response } = await stack.openai.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Write two sentences about lighthouses.' }] })
      .withResponse();
    expect(data.choices[0]?.message.content?.length).toBeGreaterThan(0);
    const usage = data.usage as unknown as CostedUsage;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.cost_status).toBe('exact');
    // gpt-4o-mini: $0.15 per million input, $0.60 per million output (pinned catalog)
    const expected = (usage.prompt_tokens * 0.15 + usage.completion_tokens * 0.6) / 1e6;
    expect(usage.cost).toBeCloseTo(expected, 15);
    expect(sumDetails(usage.cost_details)).toBeCloseTo(usage.cost ?? Number.NaN, 15);
    expect(response.headers.get('x-tollgate-provider')).toBe('openai');
    expect(response.headers.get('x-tollgate-model')).toMatch(/^gpt-4o-mini/);
    expect(response.headers.get('x-tollgate-attempts')).toBe('1');
    expect(response.headers.get('x-tollgate-cost-usd')).toMatch(/^\d+\.\d+$/);
    expect(Number(response.headers.get('x-tollgate-cost-usd'))).toBe(usage.cost);
    expect(response.headers.get('x-tollgate-request-id')).toMatch(/^tg-/);
  });

  it('serves a multi-turn conversation through a route and records it with its attribution', async () => {
    const { data, response } = await stack.openai.chat.completions
      .create(
        {
          model: 'smart',
          messages: [
            { role: 'system', content: 'You are terse.' },
            { role: 'user', content: 'Name a colour.' },
            { role: 'assistant', content: 'Blue.' },
            { role: 'user', content: 'Another one?' },
          ],
          user: 'body-user',
          metadata: { feature: 'colours', tags: 'a,b' },
        } as Parameters<typeof stack.openai.chat.completions.create>[0],
        { headers: { 'x-tollgate-user': 'alice', 'x-tollgate-task': 'task-1' } },
      )
      .withResponse();
    expect((data as { object: string }).object).toBe('chat.completion');
    expect(response.headers.get('x-tollgate-route')).toBe('smart');
    const requestId = response.headers.get('x-tollgate-request-id') ?? '';
    await stack.gateway.context.ledger.flush();
    const record = await getRequest(stack.gateway.store, requestId);
    expect(record?.user).toBe('alice');
    expect(record?.feature).toBe('colours');
    expect(record?.tags).toEqual(['a', 'b']);
    expect(record?.task).toBe('task-1');
    expect(record?.route).toBe('smart');
    expect(record?.cost.totalPico).toBeGreaterThan(0n);
  });
});

describe('POST /v1/chat/completions, streaming', () => {
  it('puts the cost in the final usage chunk when the client asks for usage', async () => {
    const stream = await stack.openai.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Count to five.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: CostedUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage as unknown as CostedUsage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage?.cost_status).toBe('exact');
    expect(usage?.cost).toBeCloseTo(((usage?.prompt_tokens ?? 0) * 0.15 + (usage?.completion_tokens ?? 0) * 0.6) / 1e6, 15);
  });

  it('withholds the usage chunk and sends the cost as an SSE comment when the client did not ask', async () => {
    const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hello there' }] }),
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const body = await response.text();
    const dataLines = body.split('\n').filter((line) => line.startsWith('data: '));
    expect(dataLines[dataLines.length - 1]).toBe('data: [DONE]');
    const chunks = dataLines.slice(0, -1).map((line) => JSON.parse(line.slice(6)) as { choices: unknown[]; usage?: unknown });
    expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);
    const comment = /^: tollgate (\{.*\})$/m.exec(body);
    expect(comment).not.toBeNull();
    const payload = JSON.parse(comment?.[1] ?? '{}') as { request_id: string; cost_usd: string; cost_status: string };
    expect(payload.request_id).toBe(response.headers.get('x-tollgate-request-id'));
    expect(payload.cost_status).toBe('exact');
    expect(payload.cost_usd).toMatch(/^0\.\d+$/);
    expect(body.indexOf(': tollgate')).toBeLessThan(body.indexOf('data: [DONE]'));
  });

  it('relays streamed tool-call deltas that assemble into schema-valid arguments', async () => {
    const parameters = {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['city', 'unit'],
      additionalProperties: false,
    };
    const stream = await stack.openai.chat.completions.create({
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: 'What is the weather in Paris? Use get_weather.' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters } }],
      tool_choice: 'required',
      stream: true,
    });
    const calls = new Map<number, { name: string; args: string }>();
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      for (const call of choice?.delta.tool_calls ?? []) {
        const entry = calls.get(call.index) ?? { name: '', args: '' };
        entry.name += call.function?.name ?? '';
        entry.args += call.function?.arguments ?? '';
        calls.set(call.index, entry);
      }
      if (choice?.finish_reason) finish = choice.finish_reason;
    }
    expect(finish).toBe('tool_calls');
    const call = calls.get(0);
    expect(call?.name).toBe('get_weather');
    const validate = new Ajv().compile(parameters);
    expect(validate(JSON.parse(call?.args ?? 'null'))).toBe(true);
  });
});

describe('tools and structured output', () => {
  it('returns tool calls whose arguments validate against the schema (sync)', async () => {
    const parameters = { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 10 } }, required: ['query', 'limit'] };
    const completion = await stack.openai.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Search the docs.' }],
      tools: [{ type: 'function', function: { name: 'search_docs', parameters } }],
      tool_choice: { type: 'function', function: { name: 'search_docs' } },
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    const args = call?.type === 'function' ? (JSON.parse(call.function.arguments) as unknown) : undefined;
    expect(new Ajv().compile(parameters)(args)).toBe(true);
  });

  it('honours json_schema and json_object response formats', async () => {
    const schema = { type: 'object', properties: { title: { type: 'string' }, year: { type: 'integer' } }, required: ['title', 'year'], additionalProperties: false };
    const structured = await stack.openai.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'A film, please.' }],
      response_format: { type: 'json_schema', json_schema: { name: 'film', schema, strict: true } },
    });
    expect(new Ajv().compile(schema)(JSON.parse(structured.choices[0]?.message.content ?? 'null'))).toBe(true);
    const loose = await stack.openai.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Any JSON object.' }],
      response_format: { type: 'json_object' },
    });
    const parsed = JSON.parse(loose.choices[0]?.message.content ?? 'null') as unknown;
    expect(typeof parsed).toBe('object');
    expect(Array.isArray(parsed)).toBe(false);
  });
});

describe('GET /v1/models and POST /v1/embeddings', () => {
  it('lists routes and provider/model names', async () => {
    const ids: string[] = [];
    for await (const model of stack.openai.models.list()) ids.push(model.id);
    expect(ids).toContain('smart');
    expect(ids).toContain('openai/gpt-4o-mini');
  });

  it('embeds text and prices the input tokens', async () => {
    const { data, response } = await stack.openai.embeddings.create({ model: 'openai/text-embedding-3-small', input: ['one', 'two words'] }).withResponse();
    expect(data.data).toHaveLength(2);
    expect(data.data[0]?.embedding.length).toBe(1536);
    const usage = data.usage as unknown as { prompt_tokens: number; cost: number };
    // text-embedding-3-small: $0.02 per million tokens
    expect(usage.cost).toBeCloseTo((usage.prompt_tokens * 0.02) / 1e6, 15);
    // A plain decimal, never an exponent, even for a tiny amount.
    expect(response.headers.get('x-tollgate-cost-usd')).toMatch(/^0\.0+\d+$/);
    expect(Number(response.headers.get('x-tollgate-cost-usd'))).toBe(usage.cost);
  });
});


describe('POST /v1/estimate', () => {
  it('estimates each candidate of a route before sending anything, itemised, worst case at max_tokens', async () => {
    const before = stack.sim.stats().requests;
    const response = await fetch(`${stack.gateway.url}/v1/estimate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'smart', max_tokens: 100, messages: [{ role: 'user', content: 'How far is the moon?' }] }),
    });
    expect(response.status).toBe(200);
    const estimate = (await response.json()) as {
      route: string;
      candidates: Array<{ target: string; input_tokens: number; output_tokens: { bound: number }; worst_case: { cost_usd: string; cost_details: Record<string, string>; cost_status: string } }>;
    };
    expect(estimate.route).toBe('smart');
    expect(estimate.candidates.map((candidate) => candidate.target)).toEqual(['openai/gpt-4o', 'backup/gpt-4o-mini']);
    const [first] = estimate.candidates;
    expect(first?.output_tokens.bound).toBe(100);
    expect(first?.worst_case.cost_status).toBe('estimated');
    // gpt-4o: input tokens × $2.50 + 100 × $10, per million.
    const expected = ((first?.input_tokens ?? 0) * 2.5 + 100 * 10) / 1e6;
    expect(Number(first?.worst_case.cost_usd)).toBeCloseTo(expected, 15);
    expect(first?.worst_case.cost_details.output).toBe('0.001');
    expect(stack.sim.stats().requests).toBe(before);
  });
});
