import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorBaseUrls, startSimulator, type RunningSimulator } from './index.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

const bearer = { authorization: 'Bearer k', 'content-type': 'application/json' };

describe('every provider under its own prefix', () => {
  it.each([
    ['/gemini/v1beta/models', { 'x-goog-api-key': 'k' }, (body: Record<string, unknown>) => (body.models as Array<{ name: string }>).map((model) => model.name.replace('models/', ''))],
    ['/cohere/v1/models', bearer, (body: Record<string, unknown>) => (body.models as Array<{ name: string }>).map((model) => model.name)],
    ['/deepseek/models', bearer, (body: Record<string, unknown>) => (body.data as Array<{ id: string }>).map((model) => model.id)],
    ['/deepseek/v1/models', bearer, (body: Record<string, unknown>) => (body.data as Array<{ id: string }>).map((model) => model.id)],
    ['/mistral/v1/models', bearer, (body: Record<string, unknown>) => (body.data as Array<{ id: string }>).map((model) => model.id)],
    ['/xai/v1/models', bearer, (body: Record<string, unknown>) => (body.data as Array<{ id: string }>).map((model) => model.id)],
    ['/groq/openai/v1/models', bearer, (body: Record<string, unknown>) => (body.data as Array<{ id: string }>).map((model) => model.id)],
  ] as Array<[string, Record<string, string>, (body: Record<string, unknown>) => string[]]>)('GET %s lists that provider’s models and any with a behaviour entry', async (path, headers, idsOf) => {
    const before = idsOf((await (await fetch(`${sim.url}${path}`, { headers })).json()) as Record<string, unknown>);
    expect(before.length).toBeGreaterThan(1);
    expect(before).not.toContain('gpt-4o');
    sim.setModelBehaviour('house-model', { outputTokens: 3 });
    try {
      expect(idsOf((await (await fetch(`${sim.url}${path}`, { headers })).json()) as Record<string, unknown>)).toContain('house-model');
    } finally {
      sim.setModelBehaviour('house-model', undefined);
    }
  });

  it('answers an unknown path under a prefix in that provider’s error shape', async () => {
    expect(await (await fetch(`${sim.url}/gemini/v1beta/nothing`)).json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    expect(await (await fetch(`${sim.url}/cohere/v2/nothing`, { method: 'POST' })).json()).toMatchObject({ message: expect.any(String) as unknown });
    expect(await (await fetch(`${sim.url}/xai/v1/nothing`)).json()).toMatchObject({ code: expect.any(String) as unknown, error: expect.any(String) as unknown });
    expect(await (await fetch(`${sim.url}/mistral/v1/nothing`)).json()).toMatchObject({ object: 'error' });
    const wrongMethod = await fetch(`${sim.url}/groq/openai/v1/chat/completions`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('serves a model with a behaviour entry on any flavour, and 404s a model of another provider', async () => {
    const chat = (base: string, model: string) =>
      fetch(`${sim.url}${base}/chat/completions`, { method: 'POST', headers: bearer, body: JSON.stringify({ model, messages: [{ role: 'user', content: 'x' }] }) });
    expect((await chat('/groq/openai/v1', 'grok-3')).status).toBe(404);
    expect((await chat('/xai/v1', 'llama-3.1-8b-instant')).status).toBe(404);
    sim.setModelBehaviour('private-llama', { outputTokens: 4 });
    try {
      const served = (await (await chat('/groq/openai/v1', 'private-llama')).json()) as { usage: { completion_tokens: number } };
      expect(served.usage.completion_tokens).toBe(4);
    } finally {
      sim.setModelBehaviour('private-llama', undefined);
    }
  });
});

describe('simulatorBaseUrls', () => {
  it('gives base URLs the official client and plain fetch work against', async () => {
    const urls = simulatorBaseUrls(sim.url);
    for (const provider of ['openai', 'deepseek', 'mistral', 'xai', 'groq'] as const) {
      const client = new OpenAI({ baseURL: urls[provider], apiKey: 'k', maxRetries: 0 });
      const completion = await client.chat.completions.create({ model: (await client.models.list()).data.find((model) => !model.id.includes('embed'))?.id ?? '', messages: [{ role: 'user', content: 'x' }] });
      expect(completion.choices[0]?.message.role).toBe('assistant');
    }
    expect((await fetch(`${urls.gemini}/v1beta/models`, { headers: { 'x-goog-api-key': 'k' } })).status).toBe(200);
    expect((await fetch(`${urls.cohere}/v1/models`, { headers: bearer })).status).toBe(200);
    expect((await fetch(`${urls.anthropic}/v1/models`, { headers: { 'x-api-key': 'k' } })).status).toBe(200);
  });
});

describe('stats and reset across flavours', () => {
  it('counts every flavour’s requests by model and empties every prompt cache on reset', async () => {
    const own = await startSimulator();
    try {
      const long = Array.from({ length: 400 }, (_, index) => `Clause ${index} of the shared text.`).join(' ');
      const gemini = () =>
        fetch(`${own.url}/gemini/v1beta/models/gemini-2.5-flash:generateContent`, {
          method: 'POST',
          headers: { 'x-goog-api-key': 'k' },
          body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: long }] }] }),
        }).then(async (response) => (await response.json()) as { usageMetadata: { cachedContentTokenCount?: number } });
      const deepseek = () =>
        fetch(`${own.url}/deepseek/chat/completions`, { method: 'POST', headers: bearer, body: JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: long }] }) }).then(
          async (response) => (await response.json()) as { usage: { prompt_cache_hit_tokens: number } },
        );
      const cohere = () => fetch(`${own.url}/cohere/v2/chat`, { method: 'POST', headers: bearer, body: JSON.stringify({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'x' }] }) });
      await gemini();
      expect((await gemini()).usageMetadata.cachedContentTokenCount).toBeGreaterThan(0);
      await deepseek();
      expect((await deepseek()).usage.prompt_cache_hit_tokens).toBeGreaterThan(0);
      await (await cohere()).json();
      expect(own.stats()).toMatchObject({
        requests: 5,
        completed: 5,
        byModel: { 'gemini-2.5-flash': { requests: 2, completed: 2, aborted: 0 }, 'deepseek-chat': { requests: 2, completed: 2, aborted: 0 }, 'command-a-03-2025': { requests: 1, completed: 1, aborted: 0 } },
      });
      expect((await fetch(`${own.url}/_sim/reset`, { method: 'POST' })).status).toBe(200);
      expect((await gemini()).usageMetadata.cachedContentTokenCount).toBeUndefined();
      expect((await deepseek()).usage.prompt_cache_hit_tokens).toBe(0);
      expect(Object.keys(own.stats().byModel).sort()).toEqual(['deepseek-chat', 'gemini-2.5-flash']);
    } finally {
      await own.close();
    }
  });
});

describe('content_filter on the phase-1 providers', () => {
  it('OpenAI finishes with content_filter, Anthropic with refusal', async () => {
    const openai = (await (
      await fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', headers: { ...bearer, 'x-sim-fault': 'content_filter' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }) })
    ).json()) as { choices: Array<{ finish_reason: string }> };
    expect(openai.choices[0]?.finish_reason).toBe('content_filter');
    const anthropic = (await (
      await fetch(`${sim.url}/anthropic/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'x-sim-fault': 'content_filter' },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] }),
      })
    ).json()) as { stop_reason: string };
    expect(anthropic.stop_reason).toBe('refusal');
  });
});
