/**
 * Random priced workloads for the tests that sum money: which models and service tiers they draw from,
 * and a usage spread across every token kind (cache writes and reasoning only sometimes, as in traffic).
 * `next(limit)` is the caller's seeded generator, so each test stays reproducible with its own seed.
 */
import { type Usage, usageFromParts } from '../../core/usage.js';

export const RANDOM_MODELS = [
  ['openai', 'gpt-4o-mini'],
  ['openai', 'o3'],
  ['anthropic', 'claude-sonnet-4-5'],
  ['gemini', 'gemini-2.5-pro'],
  ['gemini', 'gemini-2.5-flash'],
  ['deepseek', 'deepseek-chat'],
  ['perplexity', 'sonar'],
] as const;

export const RANDOM_SERVICE_TIERS = [undefined, 'flex', 'batch', 'priority'] as const;

export interface RandomWorkload {
  providerType: (typeof RANDOM_MODELS)[number][0];
  model: (typeof RANDOM_MODELS)[number][1];
  serviceTier: (typeof RANDOM_SERVICE_TIERS)[number];
  usage: Usage;
}

export function randomWorkload(next: (limit: number) => number): RandomWorkload {
  const [providerType, model] = RANDOM_MODELS[next(RANDOM_MODELS.length)] ?? RANDOM_MODELS[0];
  const serviceTier = RANDOM_SERVICE_TIERS[next(RANDOM_SERVICE_TIERS.length)];
  const usage = usageFromParts({
    noCacheInput: next(250_000),
    cacheRead: next(50_000),
    cacheWrite5m: next(4) === 0 ? next(20_000) : 0,
    cacheWrite1h: next(8) === 0 ? next(20_000) : 0,
    textOutput: next(8_000),
    reasoningOutput: next(3) === 0 ? next(30_000) : 0,
  });
  return { providerType, model, serviceTier, usage };
}
