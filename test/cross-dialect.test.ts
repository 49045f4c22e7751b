/**
 * Any client dialect to any provider: the OpenAI client served by an Anthropic target
 * (translation lane), and the Anthropic SDK on /v1/messages served by an Anthropic target (relay)
 * and by an OpenAI-format target (translation), sync and streamed, with the same cost fields.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers/start-stack.js';

let stack: Stack;
let anthropic: Anthropic;

beforeAll(async () => {
  stack = await startStack({
    config: (simUrl) => ({
      providers: {
        openai: { type: 'openai', apiKey: 'sk-test', baseUrl: `${simUrl}/v1` },
        claude: { type: 'anthropic', apiKey: 'sk-ant-test', baseUrl: `${simUrl}/anthropic` },
      },
      routes: { mixed: { strategy: 'fallback', targets: ['claude/claude-sonnet-4-5', 'openai/gpt-4o-mini'] } },
    }),
  });
  anthropic = new Anthropic({ baseURL: stack.gateway.url, apiKey: 'unused-in-open-mode', maxRetries: 0 });
});

afterAll(async () => {
  await stack.close();
});

interface CostedUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cost: number;
  cost_status: string;
}

// claude-sonnet-4-5 at the pinned catalog: $3 per million input, $15 per million output.
const sonnetCost = (input: number, output: number): number => (input * 3 + output * 15) / 1e6;

describe('OpenAI client → Anthropic target (translation lane)', () => {
  it('answers a chat completion with Anthropic usage priced at Claude rates', async () => {
    const { data, response } = await stack.openai.chat.completions
      .create({ model: 'claude/claude-sonnet-4-5', max_tokens: 200, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Describe a harbour.' }] })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(data.choices[0]?.finish_reason).toBe('stop');
    const usage = data.usage as unknown as CostedUsage;
    expect(usage.cost_status).toBe('exact');
    expect(usage.cost).toBeCloseTo(sonnetCost(usage.prompt_tokens, usage.completion_tokens), 15);
    expect(response.headers.get('x-tollgate-provider')).toBe('claude');
  });

  it('streams translated chunks and ends with the usage chunk carrying the cost', async () => {
    const stream = await stack.openai.chat.completions.create({
      model: 'claude/claude-sonnet-4-5',
      max_tokens: 200,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Count to three.' }],
    });
    let text = '';
    let usage: CostedUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage as unknown as CostedUsage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage?.cost).toBeCloseTo(sonnetCost(usage?.prompt_tokens ?? 0, usage?.completion_tokens ?? 0), 15);
  });

  it('translates tool calls both ways, streamed', async () => {
    const stream = await stack.openai.chat.completions.create({
      model: 'claude/claude-sonnet-4-5',
      max_tokens: 300,
      stream: true,
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { term: { type: 'string' } }, required: ['term'] } } }],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      messages: [{ role: 'user', content: 'Look up "tide".' }],
    });
    let name = '';
    let args = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        name += call.function?.name ?? '';
        args += call.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('lookup');
    expect(typeof (JSON.parse(args) as { term: unknown }).term).toBe('string');
    expect(finish).toBe('tool_calls');
  });
});

describe('Anthropic SDK on /v1/messages', () => {
  it('relays an Anthropic target unchanged but for the cost (same-dialect lane)', async () => {
    const { data, response } = await anthropic.messages
      .create({ model: 'claude/claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] })
      .withResponse();
    expect(data.type).toBe('message');
    const usage = data.usage as unknown as { input_tokens: number; output_tokens: number; cost: number; cost_status: string };
    expect(usage.cost).toBeCloseTo(sonnetCost(usage.input_tokens, usage.output_tokens), 15);
    expect(response.headers.get('x-tollgate-provider')).toBe('claude');
  });

  it('streams from an Anthropic target with the cost in message_delta usage', async () => {
    const stream = anthropic.messages.stream({ model: 'claude/claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hello again' }] });
    const message = await stream.finalMessage();
    expect(message.content[0]?.type).toBe('text');
    const usage = message.usage as unknown as { output_tokens: number; cost?: number };
    expect(usage.output_tokens).toBeGreaterThan(0);
  });

  it('puts the cost members into the final message_delta usage on both lanes', async () => {
    for (const model of ['claude/claude-sonnet-4-5', 'openai/gpt-4o-mini']) {
      const response = await fetch(`${stack.gateway.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'x' }] }),
      });
      const text = await response.text();
      const delta = /event: message_delta\ndata: (.*)\n/.exec(text)?.[1];
      const usage = (JSON.parse(delta ?? '{}') as { usage: { cost: number; cost_status: string; cost_details: Record<string, number> } }).usage;
      expect(usage.cost_status).toBe('exact');
      expect(usage.cost).toBeGreaterThan(0);
      expect(text.trimEnd().endsWith('event: message_stop\ndata: {"type":"message_stop"}')).toBe(true);
    }
  });

  it('serves an Anthropic client from an OpenAI-format target (translation lane), sync', async () => {
    const message = await anthropic.messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    const usage = message.usage as unknown as { input_tokens: number; output_tokens: number; cost: number; cost_status: string };
    expect(usage.cost_status).toBe('exact');
    expect(usage.cost).toBeCloseTo((usage.input_tokens * 0.15 + usage.output_tokens * 0.6) / 1e6, 15);
  });

  it('serves an Anthropic client from an OpenAI-format target, streamed', async () => {
    const stream = anthropic.messages.stream({ model: 'openai/gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: 'Stream please' }] });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const message = await stream.finalMessage();
    expect(text.length).toBeGreaterThan(0);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('answers errors in Anthropic shape', async () => {
    const error = await anthropic.messages.create({ model: 'nope/x', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(404);
    expect((apiError.error as { type: string; error: { type: string } }).error.type).toBe('not_found_error');
  });

  it('accepts x-api-key as well as Authorization', async () => {
    const response = await fetch(`${stack.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude/claude-sonnet-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(200);
  });

  it('rejects a request without max_tokens the way Anthropic does', async () => {
    const response = await fetch(`${stack.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude/claude-sonnet-4-5', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/max_tokens/);
  });
});
