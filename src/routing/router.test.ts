import { describe, expect, it } from 'vitest';
import { TollgateError } from '../core/errors.js';
import type { RouteConfig } from '../config/schema.js';
import type { RouteContext } from './route-context.js';
import { Router, type RouterOptions } from './router.js';
import { createMemoryRoutingRuntime } from './routing-runtime.js';
import type { ProviderEntry, Target } from './target.js';
import { fakeProvider } from './test-fixtures/fake-targets.js';

const providers = new Map<string, ProviderEntry>([
  ['openai', fakeProvider('openai', { region: 'us' })],
  ['azure-eu', fakeProvider('azure-eu', { region: 'eu-west-1' })],
  ['gemini', fakeProvider('gemini', { region: 'eu' })],
  ['local', fakeProvider('local')],
]);

const context: RouteContext = { attribution: { tags: [] }, tier: 'standard', region: undefined };

function router(routes: Record<string, RouteConfig>, extra: Partial<RouterOptions> = {}): Router {
  return new Router({ routes, providers, catalogServes: () => false, random: () => 0, ...extra });
}

function refs(targets: readonly Target[]): string[] {
  return targets.map((target) => target.ref);
}

/** Per-million-token prices of a made-up catalog, in picodollars per token. */
const PICO_PER_TOKEN: Record<string, { input: bigint; output: bigint }> = {
  'openai/big-cheap-input': { input: 100_000n, output: 10_000_000n },
  'gemini/flat': { input: 1_000_000n, output: 1_000_000n },
};

function estimateFor(inputTokens: number, outputTokens: number): (target: Target) => bigint | undefined {
  return (target) => {
    const price = PICO_PER_TOKEN[target.ref];
    return price ? price.input * BigInt(inputTokens) + price.output * BigInt(outputTokens) : undefined;
  };
}

describe('cheapest', () => {
  const routes: Record<string, RouteConfig> = { thrifty: { strategy: 'cheapest', targets: ['local/unpriced', 'gemini/flat', 'openai/big-cheap-input'] } };

  it('orders by this request’s estimated cost: the order crosses between a long prompt and a long answer', () => {
    const longPrompt = router(routes).plan('thrifty', { ...context, estimateCostPico: estimateFor(100_000, 100) });
    // 100k in + 100 out: 0.01 + 0.001 = $0.011 on big-cheap-input vs $0.1001 on flat.
    expect(refs(longPrompt.candidates)).toEqual(['openai/big-cheap-input', 'gemini/flat', 'local/unpriced']);
    const longAnswer = router(routes).plan('thrifty', { ...context, estimateCostPico: estimateFor(100, 4_000) });
    // 100 in + 4k out: $0.04001 on big-cheap-input vs $0.0041 on flat.
    expect(refs(longAnswer.candidates)).toEqual(['gemini/flat', 'openai/big-cheap-input', 'local/unpriced']);
  });

  it('keeps route order among equal and unknown estimates, unknown last', () => {
    const plan = router({ thrifty: { strategy: 'cheapest', targets: ['local/a', 'openai/x', 'local/b', 'gemini/y'] } }).plan('thrifty', {
      ...context,
      estimateCostPico: (target) => (target.provider.account.id === 'local' ? undefined : 5n),
    });
    expect(refs(plan.candidates)).toEqual(['openai/x', 'gemini/y', 'local/a', 'local/b']);
  });

  it('without an estimator, keeps the route order', () => {
    expect(refs(router(routes).plan('thrifty', context).candidates)).toEqual(['local/unpriced', 'gemini/flat', 'openai/big-cheap-input']);
  });
});

describe('fastest', () => {
  it('orders by observed latency from the runtime, never-measured targets first', () => {
    const runtime = createMemoryRoutingRuntime({ latency: { explorationRate: 0 } });
    runtime.latency.recordFirstToken('openai/gpt-4o', 900, 0);
    runtime.latency.recordFirstToken('gemini/gemini-2.5-flash', 300, 0);
    runtime.latency.recordTotal('openai/gpt-4o', 2_000, 0);
    runtime.latency.recordTotal('gemini/gemini-2.5-flash', 8_000, 0);
    const speedy = router({ speedy: { strategy: 'fastest', targets: ['openai/gpt-4o', 'gemini/gemini-2.5-flash', 'local/new'] } }, { runtime });
    expect(refs(speedy.plan('speedy', { ...context, isStreaming: true }).candidates)).toEqual(['local/new', 'gemini/gemini-2.5-flash', 'openai/gpt-4o']);
    expect(refs(speedy.plan('speedy', { ...context, isStreaming: false }).candidates)).toEqual(['local/new', 'openai/gpt-4o', 'gemini/gemini-2.5-flash']);
  });
});

describe('region', () => {
  const targets = ['openai/gpt-4o', 'azure-eu/gpt-4o', 'local/llama', 'gemini/gemini-2.5-flash'];

  it('require keeps only targets in the region (a prefix matches sub-regions)', () => {
    const plan = router({ eu: { strategy: 'fallback', targets, region: { require: 'eu' } } }).plan('eu', context);
    expect(refs(plan.candidates)).toEqual(['azure-eu/gpt-4o', 'gemini/gemini-2.5-flash']);
    expect(plan.excluded?.map((entry) => [entry.target.ref, entry.reason])).toEqual([
      ['openai/gpt-4o', 'region'],
      ['local/llama', 'region'],
    ]);
  });

  it('prefer puts targets in the region first and keeps the rest as fallbacks', () => {
    const plan = router({ eu: { strategy: 'fallback', targets, region: { prefer: 'eu' } } }).plan('eu', context);
    expect(refs(plan.candidates)).toEqual(['azure-eu/gpt-4o', 'gemini/gemini-2.5-flash', 'openai/gpt-4o', 'local/llama']);
  });

  it('"request" means the region the request carries, and does nothing when it carries none', () => {
    const routes: Record<string, RouteConfig> = { local: { strategy: 'fallback', targets, region: { require: 'request' } } };
    expect(refs(router(routes).plan('local', { ...context, region: 'us' }).candidates)).toEqual(['openai/gpt-4o']);
    expect(refs(router(routes).plan('local', context).candidates)).toEqual(targets);
  });

  it('a requirement no target meets is a 400 that says where the targets are', () => {
    const routes: Record<string, RouteConfig> = { apac: { strategy: 'fallback', targets: ['openai/gpt-4o'], region: { require: 'ap' } } };
    const thrown = (() => {
      try {
        router(routes).plan('apac', context);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(TollgateError);
    expect(thrown).toMatchObject({ status: 400, code: 'invalid_request', message: expect.stringMatching(/openai\/gpt-4o is in us, not ap/) });
  });
});

describe('context window', () => {
  const windows: Record<string, number> = { 'openai/gpt-4o': 128_000, 'gemini/gemini-2.5-flash': 1_000_000 };
  const contextWindowOf = (target: Target): number | undefined => windows[target.ref];
  const routes: Record<string, RouteConfig> = { smart: { strategy: 'fallback', targets: ['openai/gpt-4o', 'gemini/gemini-2.5-flash', 'local/unknown'] } };

  it('skips a target whose window cannot hold the input; unknown windows stay', () => {
    const plan = router(routes, { contextWindowOf }).plan('smart', { ...context, inputTokens: () => 200_000 });
    expect(refs(plan.candidates)).toEqual(['gemini/gemini-2.5-flash', 'local/unknown']);
    expect(plan.excluded?.[0]).toMatchObject({ reason: 'context_window', message: 'openai/gpt-4o holds 128000 tokens; this request has about 200000' });
  });

  it('keeps every target for a short request', () => {
    expect(router(routes, { contextWindowOf }).plan('smart', { ...context, inputTokens: () => 1_000 }).candidates).toHaveLength(3);
  });

  it('too long for every target: 400 context_length_exceeded', () => {
    const tight: Record<string, RouteConfig> = { smart: { strategy: 'fallback', targets: ['openai/gpt-4o'] } };
    expect(() => router(tight, { contextWindowOf }).plan('smart', { ...context, inputTokens: () => 200_000 })).toThrow(
      expect.objectContaining({ status: 400, code: 'context_length_exceeded' }),
    );
  });
});

describe('route reliability settings', () => {
  it('carries fallbackOn and hedgeAfterMs into the plan, inner routes overriding outer ones', () => {
    const routes: Record<string, RouteConfig> = {
      outer: { strategy: 'conditional', rules: [{ when: { feature: 'chat' }, use: 'inner' }], default: 'inner', targets: [] },
      inner: { strategy: 'fallback', targets: ['openai/gpt-4o', 'gemini/gemini-2.5-flash'] },
    };
    const plan = router(routes, { routeReliability: { outer: { fallbackOn: ['rate_limit'], hedgeAfterMs: 800 }, inner: { hedgeAfterMs: 300 } } }).plan('outer', context);
    expect(plan).toMatchObject({ route: 'inner', fallbackOn: ['rate_limit'], hedgeAfterMs: 300 });
  });

  it('a weighted route still samples by weight', () => {
    const routes: Record<string, RouteConfig> = { balanced: { strategy: 'weighted', targets: [{ target: 'openai/gpt-4o', weight: 3 }, { target: 'gemini/gemini-2.5-flash', weight: 1 }] } };
    expect(refs(router(routes, { random: () => 0.8 }).plan('balanced', context).candidates)).toEqual(['gemini/gemini-2.5-flash', 'openai/gpt-4o']);
    expect(refs(router(routes, { random: () => 0.7 }).plan('balanced', context).candidates)).toEqual(['openai/gpt-4o', 'gemini/gemini-2.5-flash']);
  });

  it('gives every router a runtime, in memory unless one is passed', () => {
    const runtime = createMemoryRoutingRuntime();
    expect(router({}, { runtime }).runtime).toBe(runtime);
    expect(router({}).runtime.snapshot(0)).toMatchObject({ sharedState: 'memory', targets: [], concurrency: [] });
  });
});
