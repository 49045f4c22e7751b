/** Each OpenAI-compatible provider's quirks, as the bodies and URLs that leave Tollgate. */
import { describe, expect, it } from 'vitest';
import type { ChatCallContext, JsonObject, PreparedRequest, ProviderAdapter, ProviderAccount } from '../adapter.js';
import { adapterFor } from '../registry.js';
import { AZURE_DEFAULT_API_VERSION, azureOpenAIAdapter } from './azure-openai.js';
import { deepSeekAdapter } from './deepseek.js';
import { fireworksAdapter } from './fireworks.js';
import { groqAdapter } from './groq.js';
import { mistralAdapter } from './mistral.js';
import { openRouterAdapter } from './openrouter.js';
import { qwenAdapter } from './qwen.js';
import { togetherAdapter } from './together.js';
import { xaiAdapter } from './xai.js';

const messages = [{ role: 'user', content: 'Hi' }];
const account = (adapter: ProviderAdapter, extra: Partial<ProviderAccount> = {}): ProviderAccount => ({
  id: adapter.type, type: adapter.type, baseUrl: adapter.defaultBaseUrl, apiKey: 'k', headers: {}, ...extra,
});
const context = (adapter: ProviderAdapter, overrides: Partial<ChatCallContext> = {}): ChatCallContext => ({
  account: account(adapter), model: 'some-model', stream: false, tier: 'standard', ...overrides,
});
const prepare = (adapter: ProviderAdapter, body: JsonObject, overrides: Partial<ChatCallContext> = {}): PreparedRequest => adapter.chat.prepare(body, context(adapter, overrides));
const bodyOf = (prepared: PreparedRequest): JsonObject => JSON.parse(prepared.body) as JsonObject;

describe('every OpenAI-compatible provider is registered at its documented base URL', () => {
  it.each([
    [mistralAdapter, 'mistral', 'https://api.mistral.ai/v1'],
    [deepSeekAdapter, 'deepseek', 'https://api.deepseek.com'],
    [xaiAdapter, 'xai', 'https://api.x.ai/v1'],
    [groqAdapter, 'groq', 'https://api.groq.com/openai/v1'],
    [togetherAdapter, 'together', 'https://api.together.xyz/v1'],
    [fireworksAdapter, 'fireworks', 'https://api.fireworks.ai/inference/v1'],
    [qwenAdapter, 'qwen', 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1'],
    [openRouterAdapter, 'openrouter', 'https://openrouter.ai/api/v1'],
    [azureOpenAIAdapter, 'azure-openai', 'https://YOUR-RESOURCE.openai.azure.com'],
  ] as const)('%#: %s', (adapter, type, baseUrl) => {
    expect(adapterFor(type)).toBe(adapter);
    expect(adapter).toMatchObject({ type, dialect: 'openai', defaultBaseUrl: baseUrl });
  });

  it('embeddings where the provider has them', () => {
    const offers = [mistralAdapter, togetherAdapter, fireworksAdapter, qwenAdapter, openRouterAdapter, azureOpenAIAdapter].map((adapter) => adapter.embeddings !== undefined);
    expect(offers.every(Boolean)).toBe(true);
    expect([deepSeekAdapter, xaiAdapter, groqAdapter].map((adapter) => adapter.embeddings)).toEqual([undefined, undefined, undefined]);
  });
});

describe('mistral', () => {
  it('drops the fields its schema forbids, renames seed and max_completion_tokens, sends no stream_options', () => {
    const prepared = prepare(
      mistralAdapter,
      { model: 'x', messages, stream: true, stream_options: { include_usage: true }, metadata: { feature: 'f', run: '7' }, user: 'u1', service_tier: 'flex', seed: 5, max_completion_tokens: 64, parallel_tool_calls: false },
      { stream: true },
    );
    expect(prepared.url).toBe('https://api.mistral.ai/v1/chat/completions');
    expect(bodyOf(prepared)).toEqual({ model: 'some-model', messages, stream: true, random_seed: 5, max_tokens: 64, parallel_tool_calls: false });
    expect(prepared.warnings).toEqual([
      'metadata is not forwarded to mistral, which rejects it',
      'user is not forwarded to mistral, which rejects it',
      'service_tier is not forwarded to mistral, which rejects it',
    ]);
  });

  it('a translated request reaches Mistral with its own field names too', () => {
    const prepared = mistralAdapter.translated.prepare(
      { model: 'x', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], stream: true, seed: 9, endUser: 'u' },
      context(mistralAdapter, { stream: true }),
    );
    const body = bodyOf(prepared);
    expect(body.random_seed).toBe(9);
    expect(body).not.toHaveProperty('seed');
    expect(body).not.toHaveProperty('stream_options');
    expect(body).not.toHaveProperty('user');
  });
});

describe('the other compatible providers', () => {
  it('deepseek, xai, groq, together, qwen keep stream_options (they report usage only when asked) and drop metadata', () => {
    for (const adapter of [deepSeekAdapter, xaiAdapter, groqAdapter, togetherAdapter, qwenAdapter]) {
      const prepared = prepare(adapter, { messages, stream: true, metadata: { run: '1' } }, { stream: true });
      expect(bodyOf(prepared)).toEqual({ model: 'some-model', messages, stream: true, stream_options: { include_usage: true } });
      expect(prepared.warnings).toEqual([`metadata is not forwarded to ${adapter.type}, which rejects it`]);
    }
  });

  it('fireworks gets no stream_options', () => {
    expect(bodyOf(prepare(fireworksAdapter, { messages, stream: true }, { stream: true }))).toEqual({ model: 'some-model', messages, stream: true });
  });

  it('groq drops logprobs and keeps its own service_tier', () => {
    const prepared = prepare(groqAdapter, { messages, logprobs: true, top_logprobs: 2, service_tier: 'flex' });
    expect(bodyOf(prepared)).toEqual({ model: 'some-model', messages, service_tier: 'flex' });
    expect(prepared.warnings).toEqual(['logprobs is not forwarded to groq, which rejects it', 'top_logprobs is not forwarded to groq, which rejects it']);
  });

  it('openrouter asks for its usage accounting unless the client set usage itself', () => {
    expect(bodyOf(prepare(openRouterAdapter, { messages }))).toEqual({ model: 'some-model', messages, usage: { include: true } });
    expect(bodyOf(prepare(openRouterAdapter, { messages, usage: { include: false } })).usage).toEqual({ include: false });
  });

  it('a latency tier a provider cannot honour is served at standard, with a warning', () => {
    expect(prepare(deepSeekAdapter, { messages }, { tier: 'instant' }).warnings).toEqual(['tier instant: Tollgate has no priority processing for deepseek; served at the standard tier']);
    expect(prepare(togetherAdapter, { messages }, { tier: 'deferred' }).warnings).toEqual(['tier deferred: Tollgate has no flex processing for together; served at the standard tier']);
  });
});

describe('azure-openai', () => {
  const resource = (extra: Partial<ProviderAccount> = {}) => account(azureOpenAIAdapter, { baseUrl: 'https://acme.openai.azure.com/', apiKey: 'az-key', ...extra });

  it('routes to the deployment with the api-version, the key in api-key, the model out of the body', () => {
    const prepared = azureOpenAIAdapter.chat.prepare({ model: 'gpt-4o', messages, metadata: { run: '1' } }, { account: resource(), model: 'prod-gpt4o', stream: false, tier: 'standard' });
    expect(prepared.url).toBe(`https://acme.openai.azure.com/openai/deployments/prod-gpt4o/chat/completions?api-version=${AZURE_DEFAULT_API_VERSION}`);
    expect(prepared.headers['api-key']).toBe('az-key');
    expect(prepared.headers.authorization).toBeUndefined();
    expect(bodyOf(prepared)).toEqual({ messages });
  });

  it('uses the configured apiVersion, accepts a base that ends in /openai, and the v1 API', () => {
    const versioned = azureOpenAIAdapter.chat.prepare({ messages }, { account: resource({ baseUrl: 'https://acme.openai.azure.com/openai', apiVersion: '2025-04-01-preview' }), model: 'dep', stream: true, tier: 'standard' });
    expect(versioned.url).toBe('https://acme.openai.azure.com/openai/deployments/dep/chat/completions?api-version=2025-04-01-preview');
    expect(bodyOf(versioned)).toEqual({ messages, stream_options: { include_usage: true } });
    const v1 = azureOpenAIAdapter.chat.prepare({ messages }, { account: resource({ apiVersion: 'v1' }), model: 'dep', stream: false, tier: 'standard' });
    expect(v1.url).toBe('https://acme.openai.azure.com/openai/v1/chat/completions');
    expect(bodyOf(v1)).toEqual({ model: 'dep', messages });
  });

  it('embeddings go to the deployment too', () => {
    const prepared = azureOpenAIAdapter.embeddings?.prepare({ model: 'x', input: 'hello' }, { account: resource(), model: 'embed-dep' });
    expect(prepared?.url).toBe(`https://acme.openai.azure.com/openai/deployments/embed-dep/embeddings?api-version=${AZURE_DEFAULT_API_VERSION}`);
    expect(JSON.parse(prepared?.body ?? '{}')).toEqual({ input: 'hello' });
  });
});
