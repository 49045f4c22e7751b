/**
 * Anthropic Messages usage → the one Usage shape.
 *
 * Unlike OpenAI, `input_tokens` EXCLUDES cache reads and writes: the three are disjoint and add
 * up to the prompt. `cache_creation_input_tokens` is split by TTL through `cache_creation`
 * (all 5-minute when the split is absent, and the 5-minute share takes whatever the split does
 * not account for, since a stream's final usage may update the total but not the split).
 * `output_tokens_details.thinking_tokens` is the reasoning share of `output_tokens`.
 */
import type { Usage } from '../../core/usage.js';
import { usageFromParts } from '../../core/usage.js';
import { anthropicUsageSchema } from './anthropic-wire.js';

export function convertAnthropicUsage(raw: unknown): Usage | undefined {
  const parsed = anthropicUsageSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const wire = parsed.data;
  if (wire.input_tokens == null && wire.output_tokens == null) return undefined;
  const split = wire.cache_creation;
  const cacheWriteTotal = wire.cache_creation_input_tokens ?? (split ? (split.ephemeral_5m_input_tokens ?? 0) + (split.ephemeral_1h_input_tokens ?? 0) : 0);
  const cacheWrite1h = Math.min(split?.ephemeral_1h_input_tokens ?? 0, cacheWriteTotal);
  const output = wire.output_tokens ?? 0;
  const reasoning = Math.min(wire.output_tokens_details?.thinking_tokens ?? 0, output);
  const usage = usageFromParts(
    {
      noCacheInput: wire.input_tokens ?? 0,
      cacheRead: wire.cache_read_input_tokens ?? 0,
      cacheWrite5m: cacheWriteTotal - cacheWrite1h,
      cacheWrite1h,
      textOutput: output - reasoning,
      reasoningOutput: reasoning,
    },
    raw,
  );
  const units: Record<string, number> = {};
  const webSearches = wire.server_tool_use?.web_search_requests ?? 0;
  const webFetches = wire.server_tool_use?.web_fetch_requests ?? 0;
  if (webSearches > 0) units.web_search = webSearches;
  if (webFetches > 0) units.web_fetch = webFetches;
  if (Object.keys(units).length > 0) usage.units = units;
  if (wire.service_tier) usage.serviceTier = wire.service_tier;
  return usage;
}
