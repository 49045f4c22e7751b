/**
 * Micro-benchmark of the pricing hot path: `PriceBook.price()` over a mix of real catalog
 * models (cached reads, Anthropic cache writes, a long-context tier, DeepSeek's time windows,
 * a service tier, reasoning). Resolution is warm, as it is on a serving gateway.
 */
import { usageFromParts, type Usage } from '../core/usage.js';
import { PriceBook, type PriceRequest } from './price-book.js';

export interface PricingBenchResult {
  name: string;
  iterations: number;
  nsPerOp: number;
}

function withAudio(usage: Usage, audio: number): Usage {
  usage.input.audio = audio;
  return usage;
}

export function benchPricing(options: { iterations?: number; book?: PriceBook } = {}): PricingBenchResult {
  const iterations = options.iterations ?? 1_000_000;
  const book = options.book ?? new PriceBook();
  const at = new Date('2025-09-01T20:00:00Z');
  const requests: PriceRequest[] = [
    { providerType: 'openai', providerId: 'openai', model: 'gpt-4o-mini', usage: usageFromParts({ noCacheInput: 2000, cacheRead: 8000, textOutput: 200 }), at },
    {
      providerType: 'anthropic',
      providerId: 'anthropic',
      model: 'claude-sonnet-4-5-20250929',
      usage: usageFromParts({ noCacheInput: 1000, cacheRead: 50_000, cacheWrite5m: 10_000, cacheWrite1h: 4000, textOutput: 500 }),
      at,
    },
    { providerType: 'gemini', providerId: 'gemini', model: 'gemini-2.5-pro', usage: usageFromParts({ noCacheInput: 210_000, textOutput: 1000, reasoningOutput: 3000 }), at },
    { providerType: 'deepseek', providerId: 'deepseek', model: 'deepseek-chat', usage: usageFromParts({ noCacheInput: 100_000, cacheRead: 20_000, textOutput: 10_000 }), at },
    { providerType: 'openai', providerId: 'openai', model: 'o4-mini', usage: usageFromParts({ noCacheInput: 2000, textOutput: 300, reasoningOutput: 1200 }), at, serviceTier: 'flex' },
    { providerType: 'gemini', providerId: 'gemini', model: 'gemini-2.5-flash', usage: withAudio(usageFromParts({ noCacheInput: 10_000, textOutput: 1000 }), 4000), at },
  ];
  const run = (count: number): bigint => {
    let checksum = 0n;
    for (let index = 0; index < count; index += 1) {
      const request = requests[index % requests.length];
      if (request) checksum += book.price(request).totalPico ?? 0n;
    }
    return checksum;
  };
  let checksum = run(10_000);
  const started = process.hrtime.bigint();
  checksum += run(iterations);
  const elapsed = process.hrtime.bigint() - started;
  // Keeps the optimiser from discarding the loop.
  if (checksum < 0n) throw new Error('negative cost');
  return { name: 'pricing: PriceBook.price()', iterations, nsPerOp: Number(elapsed) / iterations };
}
