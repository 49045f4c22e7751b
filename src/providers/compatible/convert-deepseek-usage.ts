/**
 * DeepSeek usage → the one Usage shape. `prompt_cache_hit_tokens` + `prompt_cache_miss_tokens` =
 * `prompt_tokens`: hits are billed at the cache-read rate, misses at the input rate (DeepSeek has no
 * cache-write charge). `reasoning_tokens` are part of `completion_tokens`.
 */
import { z } from 'zod';
import { usageFromParts, type Usage } from '../../core/usage.js';

const count = z.number().nonnegative().nullish();

const deepSeekUsageSchema = z.looseObject({
  prompt_tokens: count,
  completion_tokens: count,
  prompt_cache_hit_tokens: count,
  prompt_cache_miss_tokens: count,
  prompt_tokens_details: z.looseObject({ cached_tokens: count }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: count }).nullish(),
});

export function convertDeepSeekUsage(raw: unknown): Usage | undefined {
  const parsed = deepSeekUsageSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const usage = parsed.data;
  if (usage.prompt_tokens == null && usage.completion_tokens == null) return undefined;
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  const hits = Math.min(usage.prompt_cache_hit_tokens ?? usage.prompt_tokens_details?.cached_tokens ?? 0, prompt);
  const reasoning = Math.min(usage.completion_tokens_details?.reasoning_tokens ?? 0, completion);
  return usageFromParts({ noCacheInput: prompt - hits, cacheRead: hits, textOutput: completion - reasoning, reasoningOutput: reasoning }, raw);
}
