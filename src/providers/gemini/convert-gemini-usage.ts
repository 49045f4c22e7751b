/**
 * Gemini usageMetadata → the one Usage shape.
 *   - `cachedContentTokenCount` is a subset of `promptTokenCount` (read from cache, cheaper).
 *   - `toolUsePromptTokenCount` is NOT in `promptTokenCount` but billed as input: it joins noCache
 *     and is also recorded as `input.toolUse`.
 *   - `thoughtsTokenCount` is billed output beside `candidatesTokenCount`: reasoning.
 * So input.total + output.total equals `totalTokenCount`. In streams every chunk repeats the
 * running total: callers keep the last one, never a sum.
 */
import { usageFromParts, type Usage } from '../../core/usage.js';
import { geminiUsageSchema, type GeminiUsage } from './gemini-api.js';

export function convertGeminiUsage(raw: unknown): Usage | undefined {
  const parsed = geminiUsageSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const metadata = parsed.data;
  if (metadata.promptTokenCount == null && metadata.candidatesTokenCount == null && metadata.thoughtsTokenCount == null) return undefined;
  const prompt = metadata.promptTokenCount ?? 0;
  const cached = Math.min(metadata.cachedContentTokenCount ?? 0, prompt);
  const toolUse = metadata.toolUsePromptTokenCount ?? 0;
  const usage = usageFromParts(
    {
      noCacheInput: prompt - cached + toolUse,
      cacheRead: cached,
      textOutput: metadata.candidatesTokenCount ?? 0,
      reasoningOutput: metadata.thoughtsTokenCount ?? 0,
    },
    raw,
  );
  if (toolUse > 0) usage.input.toolUse = toolUse;
  const uncachedAudio = modality(metadata.promptTokensDetails, 'AUDIO') - modality(metadata.cacheTokensDetails, 'AUDIO');
  if (uncachedAudio > 0) usage.input.audio = Math.min(uncachedAudio, usage.input.noCache);
  const outputAudio = modality(metadata.candidatesTokensDetails, 'AUDIO');
  if (outputAudio > 0) usage.output.audio = Math.min(outputAudio, usage.output.text);
  const outputImage = modality(metadata.candidatesTokensDetails, 'IMAGE');
  if (outputImage > 0) usage.output.image = Math.min(outputImage, usage.output.text);
  if (metadata.serviceTier) usage.serviceTier = metadata.serviceTier;
  return usage;
}

function modality(details: GeminiUsage['promptTokensDetails'], name: string): number {
  let total = 0;
  for (const detail of details ?? []) if (detail.modality === name) total += detail.tokenCount ?? 0;
  return total;
}
