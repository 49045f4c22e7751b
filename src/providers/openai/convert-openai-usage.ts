/**
 * OpenAI Chat Completions usage → the one Usage shape.
 * `cached_tokens` is a subset of `prompt_tokens`; `reasoning_tokens` a subset of `completion_tokens`.
 * Newer models report `cache_write_tokens` (also inside `prompt_tokens`).
 */
import { z } from 'zod';
import type { Usage } from '../../core/usage.js';
import { usageFromParts } from '../../core/usage.js';

const count = z.number().nonnegative().nullish();

export const openAIUsageSchema = z.looseObject({
  prompt_tokens: count,
  completion_tokens: count,
  total_tokens: count,
  prompt_tokens_details: z
    .looseObject({ cached_tokens: count, cache_write_tokens: count, audio_tokens: count })
    .nullish(),
  completion_tokens_details: z
    .looseObject({ reasoning_tokens: count, audio_tokens: count })
    .nullish(),
  /** OpenRouter reports what it billed. */
  cost: z.union([z.number(), z.string()]).nullish(),
});

export type OpenAIUsage = z.infer<typeof openAIUsageSchema>;

export interface OpenAIUsageOptions {
  /** xAI counts reasoning tokens outside completion_tokens. */
  reasoningOutsideCompletion?: boolean;
}

export function convertOpenAIUsage(raw: unknown, options: OpenAIUsageOptions = {}): Usage | undefined {
  const parsed = openAIUsageSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const usage = parsed.data;
  if (usage.prompt_tokens == null && usage.completion_tokens == null) return undefined;
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  const cacheRead = Math.min(usage.prompt_tokens_details?.cached_tokens ?? 0, prompt);
  const cacheWrite = Math.min(usage.prompt_tokens_details?.cache_write_tokens ?? 0, prompt - cacheRead);
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  const textOutput = options.reasoningOutsideCompletion ? completion : Math.max(0, completion - reasoning);
  const result = usageFromParts(
    { noCacheInput: prompt - cacheRead - cacheWrite, cacheRead, cacheWrite5m: cacheWrite, textOutput, reasoningOutput: reasoning },
    raw,
  );
  const inputAudio = usage.prompt_tokens_details?.audio_tokens ?? 0;
  if (inputAudio > 0) result.input.audio = Math.min(inputAudio, result.input.noCache);
  const outputAudio = usage.completion_tokens_details?.audio_tokens ?? 0;
  if (outputAudio > 0) result.output.audio = Math.min(outputAudio, result.output.text);
  if (usage.cost != null) result.providerReportedCostUsd = String(usage.cost);
  return result;
}
