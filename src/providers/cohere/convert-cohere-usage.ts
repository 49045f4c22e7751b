/**
 * Cohere usage → the one Usage shape. `billed_units` is what Cohere bills: its input tokens are
 * plain input, its output tokens text output. `tokens` and `cached_tokens` describe processing
 * (cached_tokens can exceed the billed input, as the system prompt Cohere adds is not billed)
 * and stay in the raw usage only.
 */
import { usageFromParts, type Usage } from '../../core/usage.js';
import { cohereUsageSchema } from './cohere-api.js';

export function convertCohereUsage(raw: unknown): Usage | undefined {
  const parsed = cohereUsageSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const billed = parsed.data.billed_units;
  if (billed?.input_tokens == null && billed?.output_tokens == null) return undefined;
  return usageFromParts({ noCacheInput: billed.input_tokens ?? 0, textOutput: billed.output_tokens ?? 0 }, raw);
}
