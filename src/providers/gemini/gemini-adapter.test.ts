import { describe, expect, it } from 'vitest';
import type { ChatCallContext, ProviderAccount } from '../adapter.js';
import { adapterFor } from '../registry.js';
import { createGeminiAdapter, geminiAdapter } from './gemini-adapter.js';

const account: ProviderAccount = { id: 'google', type: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com/', apiKey: 'g-key', headers: {} };
const context = (overrides: Partial<ChatCallContext> = {}): ChatCallContext => ({ account, model: 'gemini-2.5-pro', stream: false, tier: 'standard', ...overrides });

describe('geminiAdapter', () => {
  it('is registered as type gemini, dialect gemini, at the Developer API', () => {
    expect(adapterFor('gemini')).toBe(geminiAdapter);
    expect(geminiAdapter).toMatchObject({ type: 'gemini', dialect: 'gemini', defaultBaseUrl: 'https://generativelanguage.googleapis.com' });
  });

  it('same-dialect lane: the client body goes up unchanged but for the tier, to the method the stream flag names', () => {
    const body = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], generationConfig: { temperature: 1 }, cachedContent: 'cachedContents/abc', model: 'ignored' };
    const prepared = geminiAdapter.chat.prepare(body, context({ stream: true, tier: 'instant' }));
    expect(prepared.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
    expect(JSON.parse(prepared.body)).toEqual({ contents: body.contents, generationConfig: body.generationConfig, cachedContent: 'cachedContents/abc', serviceTier: 'priority' });
    const own = geminiAdapter.chat.prepare({ contents: [], serviceTier: 'standard' }, context({ tier: 'deferred' }));
    expect(JSON.parse(own.body)).toEqual({ contents: [], serviceTier: 'standard' });
  });

  it('same-dialect lane reads usage and the serving model from a whole answer', () => {
    const answer = { modelVersion: 'gemini-2.5-pro-002', usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 2, serviceTier: 'priority' } };
    expect(geminiAdapter.chat.modelFromBody(answer)).toBe('gemini-2.5-pro-002');
    expect(geminiAdapter.chat.usageFromBody(answer)).toMatchObject({ input: { total: 10 }, output: { total: 7, reasoning: 2 }, serviceTier: 'priority' });
    expect(geminiAdapter.chat.usageFromBody('x')).toBeUndefined();
  });

  it('stamps translated answers with the injected clock', () => {
    const adapter = createGeminiAdapter({ now: () => 86_400_000 });
    const response = adapter.translated.parseResponse({ responseId: 'r', candidates: [{ index: 0, finishReason: 'STOP', content: { parts: [{ text: 'ok' }] } }] });
    expect(response.createdAt.toISOString()).toBe('1970-01-02T00:00:00.000Z');
  });
});
