/**
 * OpenAI Responses API usage → the one Usage shape.
 * The Responses API names its counts differently from Chat Completions but nests them the same
 * way: `input_tokens` INCLUDES `input_tokens_details.cached_tokens` (and `cache_write_tokens`,
 * which recorded answers carry too); `output_tokens` INCLUDES
 * `output_tokens_details.reasoning_tokens`. Each part is therefore taken out of its total once.
 */
import { z } from 'zod';
import type { Usage } from '../../core/usage.js';
import { usageFromParts } from '../../core/usage.js';

const count = z.number().nonnegative().nullish();

export const openAIResponsesUsageSchema = z.looseObject({
  input_tokens: count,
  output_tokens: count,
  total_tokens: count,
  input_tokens_details: z.looseObject({ cached_tokens: count, cache_write_tokens: count }).nullish(),
  output_tokens_details: z.looseObject({ reasoning_tokens: count }).nullish(),
});

export function convertOpenAIResponsesUsage(raw: unknown): Usage | undefined {
  const parsed = openAIResponsesUsageSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const usage = parsed.data;
  if (usage.input_tokens == null && usage.output_tokens == null) return undefined;
  const input = usage.input_tokens ?? 0;
  const output = usage.output_tokens ?? 0;
  // Clamped so that a provider reporting a part larger than its total cannot produce negative counts.
  const cacheRead = Math.min(usage.input_tokens_details?.cached_tokens ?? 0, input);
  const cacheWrite = Math.min(usage.input_tokens_details?.cache_write_tokens ?? 0, input - cacheRead);
  const reasoning = Math.min(usage.output_tokens_details?.reasoning_tokens ?? 0, output);
  return usageFromParts(
    { noCacheInput: input - cacheRead - cacheWrite, cacheRead, cacheWrite5m: cacheWrite, textOutput: output - reasoning, reasoningOutput: reasoning },
    raw,
  );
}
