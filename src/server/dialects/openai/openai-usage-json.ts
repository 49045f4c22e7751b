/** Usage → OpenAI's usage object, as chat completions report it (cached and reasoning tokens as subsets). */
import type { Usage } from '../../../core/usage.js';

export interface OpenAIUsageJson {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens?: number; audio_tokens?: number };
  completion_tokens_details: { reasoning_tokens: number; audio_tokens?: number };
  [member: string]: unknown;
}

export function openAIUsageJson(usage: Usage): OpenAIUsageJson {
  const cacheWrite = usage.input.cacheWrite5m + usage.input.cacheWrite1h;
  const json: OpenAIUsageJson = {
    prompt_tokens: usage.input.total,
    completion_tokens: usage.output.total,
    total_tokens: usage.input.total + usage.output.total,
    prompt_tokens_details: { cached_tokens: usage.input.cacheRead },
    completion_tokens_details: { reasoning_tokens: usage.output.reasoning },
  };
  if (cacheWrite > 0) json.prompt_tokens_details.cache_write_tokens = cacheWrite;
  if (usage.input.audio) json.prompt_tokens_details.audio_tokens = usage.input.audio;
  if (usage.output.audio) json.completion_tokens_details.audio_tokens = usage.output.audio;
  return json;
}
