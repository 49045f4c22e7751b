/**
 * One contract every adapter passes, over real HTTP: the official OpenAI client talks to the
 * gateway, the gateway to the simulator speaking each provider's wire format. Text, multi-turn,
 * tools (sync and streamed), images, streamed usage with its cost, and each error class.
 * Then one request with tools and an image through four native formats, answered alike.
 */
import { Ajv } from 'ajv';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorBaseUrls } from '../src/sim/index.js';
import { startStack, type Stack } from './helpers/start-stack.js';

interface ProviderCase {
  id: string;
  type: string;
  base: keyof ReturnType<typeof simulatorBaseUrls>;
  model: string;
}

const CASES: ProviderCase[] = [
  { id: 'p-openai', type: 'openai', base: 'openai', model: 'gpt-4o-mini' },
  { id: 'p-anthropic', type: 'anthropic', base: 'anthropic', model: 'claude-sonnet-4-5' },
  { id: 'p-gemini', type: 'gemini', base: 'gemini', model: 'gemini-2.5-flash' },
  { id: 'p-cohere', type: 'cohere', base: 'cohere', model: 'command-a-03-2025' },
  { id: 'p-deepseek', type: 'deepseek', base: 'deepseek', model: 'deepseek-chat' },
  { id: 'p-mistral', type: 'mistral', base: 'mistral', model: 'mistral-small-latest' },
  { id: 'p-xai', type: 'xai', base: 'xai', model: 'grok-3-mini' },
  { id: 'p-groq', type: 'groq', base: 'groq', model: 'llama-3.3-70b-versatile' },
];

/** A 1×1 PNG. */
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 7 } }, required: ['city', 'days'] },
  },
};
const validateWeather = new Ajv().compile(WEATHER_TOOL.function.parameters);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    config: (simUrl) => {
      const bases = simulatorBaseUrls(simUrl);
      return {
        providers: Object.fromEntries(CASES.map((entry) => [entry.id, { type: entry.type, apiKey: 'sk-test', baseUrl: bases[entry.base] }])),
        routes: {},
        // Error-class tests fail targets on purpose; keep breakers and default cooldowns out of the way.
        routing: { breaker: { consecutiveFailures: 1000, minimumRequests: 1000 }, rateLimitCooldownMs: 0 },
      };
    },
  });
});

afterAll(async () => {
  await stack.close();
});

interface CostedUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cost: number | null;
  cost_status: string;
}

describe.each(CASES)('$type adapter', (entry) => {
  const model = `${entry.id}/${entry.model}`;
  const openai = (): OpenAI => stack.openai;

  it('answers text with an exact cost', async () => {
    const completion = await openai().chat.completions.create({ model, max_tokens: 1000, messages: [{ role: 'user', content: 'Say something about rivers.' }] });
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    const usage = completion.usage as unknown as CostedUsage;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.cost_status).toBe('exact');
    expect(usage.cost).toBeGreaterThan(0);
  });

  it('keeps a multi-turn conversation', async () => {
    const completion = await openai().chat.completions.create({
      model,
      max_tokens: 1000,
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'Name a fruit.' },
        { role: 'assistant', content: 'Pear.' },
        { role: 'user', content: 'And a vegetable?' },
      ],
    });
    expect(completion.choices[0]?.finish_reason).toMatch(/stop|length/);
  });

  it('calls a tool with schema-valid arguments, and continues after its result', async () => {
    const completion = await openai().chat.completions.create({
      model,
      max_tokens: 1000,
      tools: [WEATHER_TOOL],
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'What is the weather in Oslo for 3 days? Use get_weather.' }],
    });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    const args = call?.type === 'function' ? (JSON.parse(call.function.arguments) as unknown) : undefined;
    expect(validateWeather(args)).toBe(true);
    const followUp = await openai().chat.completions.create({
      model,
      max_tokens: 1000,
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'What is the weather in Oslo for 3 days? Use get_weather.' },
        { role: 'assistant', content: null, tool_calls: [{ id: call?.id ?? 'call_1', type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(args) } }] },
        { role: 'tool', tool_call_id: call?.id ?? 'call_1', content: '{"forecast":"rain"}' },
      ],
    });
    expect(followUp.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });

  it('streams tool calls that assemble into valid arguments', async () => {
    const stream = await openai().chat.completions.create({
      model,
      max_tokens: 1000,
      stream: true,
      tools: [WEATHER_TOOL],
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'Weather in Lima for 2 days, use get_weather.' }],
    });
    let name = '';
    let args = '';
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        if (call.index !== 0) continue;
        name += call.function?.name ?? '';
        args += call.function?.arguments ?? '';
      }
    }
    expect(name).toBe('get_weather');
    expect(validateWeather(JSON.parse(args))).toBe(true);
  });

  it('accepts an image', async () => {
    const completion = await openai().chat.completions.create({
      model,
      max_tokens: 1000,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What colour is this?' }, { type: 'image_url', image_url: { url: PIXEL } }] }],
    });
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });

  it('streams text with the usage chunk carrying the cost', async () => {
    const stream = await openai().chat.completions.create({ model, max_tokens: 1000, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Stream a sentence.' }] });
    let text = '';
    let usage: CostedUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage as unknown as CostedUsage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage?.cost_status).toBe('exact');
    expect(usage?.cost).toBeGreaterThan(0);
  });

  it.each([
    ['server_error', 502, 'upstream_failed'],
    ['overloaded', 502, 'upstream_failed'],
    ['auth', 502, 'upstream_auth_failed'],
    ['context_length', 400, 'context_length_exceeded'],
    ['bad_request', 400, 'upstream_rejected_request'],
    ['rate_limit', 429, 'upstream_rate_limited'],
  ] as const)('maps the provider fault %s to %i %s', async (fault, status, code) => {
    // Retry-After 0: the cooldown a 429 starts must not outlast this test.
    stack.sim.setModelBehaviour(entry.model, { fault, retryAfterSeconds: 0 });
    try {
      const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, max_tokens: 50, messages: [{ role: 'user', content: 'x' }] }),
      });
      const body = (await response.json()) as { error: { code: string } };
      expect({ status: response.status, code: body.error.code }).toEqual({ status, code });
    } finally {
      stack.sim.setModelBehaviour(entry.model, undefined);
    }
  });
});

describe('one request, four native formats', () => {
  it('gives equivalent OpenAI-shaped answers from openai, anthropic, gemini and cohere', async () => {
    const answers = await Promise.all(
      ['p-openai/gpt-4o-mini', 'p-anthropic/claude-sonnet-4-5', 'p-gemini/gemini-2.5-flash', 'p-cohere/command-a-03-2025'].map((model) =>
        stack.openai.chat.completions.create({
          model,
          max_tokens: 1000,
          tools: [WEATHER_TOOL],
          tool_choice: { type: 'function', function: { name: 'get_weather' } },
          messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather where this photo was taken, for 2 days?' }, { type: 'image_url', image_url: { url: PIXEL } }] }],
        }),
      ),
    );
    for (const answer of answers) {
      expect(answer.object).toBe('chat.completion');
      const choice = answer.choices[0];
      expect(choice?.finish_reason).toBe('tool_calls');
      expect(choice?.message.role).toBe('assistant');
      const call = choice?.message.tool_calls?.[0];
      expect(call?.id.length).toBeGreaterThan(0);
      expect(call?.type === 'function' && call.function.name).toBe('get_weather');
      expect(validateWeather(call?.type === 'function' ? JSON.parse(call.function.arguments) : null)).toBe(true);
      expect((answer.usage as unknown as CostedUsage).cost_status).toBe('exact');
    }
  });
});
