/**
 * The parameter table holds the code to its word: for every adapter in the registry, each
 * parameter it declares 'rejected' really throws unsupported_parameter, and each it declares
 * 'dropped' really adds a warning.
 */
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../core/chat.js';
import { TollgateError } from '../core/errors.js';
import type { ChatCallContext, Dialect, ProviderAdapter } from './adapter.js';
import { CHAT_PARAMETERS, parameterSupportFor, parameterTreatment, type ChatParameter } from './parameter-support.js';
import { adapterFor, providerTypes } from './registry.js';

const lookupTool: NonNullable<ChatRequest['tools']> = [{ name: 'lookup', description: 'Looks things up', parameters: { type: 'object', properties: { q: { type: 'string' } } } }];

/** A value for each parameter that a provider could plausibly refuse or leave out. */
const SAMPLES: Readonly<Record<ChatParameter, Partial<ChatRequest>>> = {
  tools: { tools: lookupTool },
  toolChoice: { tools: lookupTool, toolChoice: 'required' },
  parallelToolCalls: { tools: lookupTool, parallelToolCalls: false },
  maxOutputTokens: { maxOutputTokens: 256 },
  temperature: { temperature: 0.5 },
  topP: { topP: 0.9 },
  topK: { topK: 20 },
  frequencyPenalty: { frequencyPenalty: 0.3 },
  presencePenalty: { presencePenalty: 0.3 },
  stop: { stop: ['END'] },
  seed: { seed: 42 },
  n: { n: 2 },
  responseFormat: { responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object', properties: { a: { type: 'string' } } }, strict: true } },
  reasoningEffort: { reasoningEffort: 'low' },
  reasoningBudgetTokens: { reasoningBudgetTokens: 2048, maxOutputTokens: 8192 },
  logprobs: { logprobs: true },
  topLogprobs: { logprobs: true, topLogprobs: 3 },
  endUser: { endUser: 'user-1' },
};

const MODELS: Readonly<Record<Dialect, string>> = {
  openai: 'gpt-4.1-mini',
  anthropic: 'claude-sonnet-4-5-20250929',
  gemini: 'gemini-2.5-flash',
  cohere: 'command-a-03-2025',
};

function prepare(adapter: ProviderAdapter, patch: Partial<ChatRequest>) {
  const request: ChatRequest = { model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }], ...patch };
  const context: ChatCallContext = {
    account: { id: adapter.type, type: adapter.type, baseUrl: adapter.defaultBaseUrl, apiKey: 'key', headers: {} },
    model: MODELS[adapter.dialect],
    stream: false,
    tier: 'standard',
  };
  return adapter.translated.prepare(request, context);
}

const adapters = providerTypes().flatMap((type) => {
  const adapter = adapterFor(type);
  return adapter ? [adapter] : [];
});

describe('parameter support table', () => {
  it('covers the OpenAI and Anthropic adapters fully, every row a known parameter', () => {
    for (const type of ['openai', 'anthropic']) {
      const adapter = adapterFor(type);
      if (!adapter) throw new Error(`${type} is not registered`);
      expect(parameterSupportFor(adapter)?.map((row) => row.parameter)).toEqual(CHAT_PARAMETERS);
    }
    expect(parameterTreatment({ type: 'anthropic', dialect: 'anthropic' }, 'n')).toBe('rejected');
    expect(parameterTreatment({ type: 'some-compatible', dialect: 'openai' }, 'topK')).toBe('dropped');
  });

  for (const adapter of adapters) {
    const rows = parameterSupportFor(adapter) ?? [];
    const checked = rows.filter((row) => row.treatment === 'rejected' || row.treatment === 'dropped');
    if (checked.length === 0) continue;
    describe(`${adapter.type}`, () => {
      const baseline = prepare(adapter, {}).warnings.length;
      for (const row of checked) {
        it(`${row.parameter} is ${row.treatment}`, () => {
          if (row.treatment === 'rejected') {
            let error: unknown;
            try {
              prepare(adapter, SAMPLES[row.parameter]);
            } catch (thrown) {
              error = thrown;
            }
            expect(error).toBeInstanceOf(TollgateError);
            expect((error as TollgateError).code).toBe('unsupported_parameter');
          } else {
            expect(prepare(adapter, SAMPLES[row.parameter]).warnings.length).toBeGreaterThan(baseline);
          }
        });
      }
    });
  }
});
