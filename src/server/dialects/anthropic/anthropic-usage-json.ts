/** Usage → Anthropic's usage object, where `input_tokens` excludes cache reads and writes. */
import type { Usage } from '../../../core/usage.js';

export interface AnthropicUsageJson {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
  output_tokens_details?: { thinking_tokens: number };
  service_tier?: string;
}

export function anthropicUsageJson(usage: Usage | undefined): AnthropicUsageJson {
  const input = usage?.input;
  const json: AnthropicUsageJson = {
    input_tokens: input?.noCache ?? 0,
    cache_creation_input_tokens: (input?.cacheWrite5m ?? 0) + (input?.cacheWrite1h ?? 0),
    cache_read_input_tokens: input?.cacheRead ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: input?.cacheWrite5m ?? 0, ephemeral_1h_input_tokens: input?.cacheWrite1h ?? 0 },
    output_tokens: usage?.output.total ?? 0,
  };
  if (usage && usage.output.reasoning > 0) json.output_tokens_details = { thinking_tokens: usage.output.reasoning };
  if (usage?.serviceTier === 'standard' || usage?.serviceTier === 'priority' || usage?.serviceTier === 'batch') json.service_tier = usage.serviceTier;
  return json;
}
