/**
 * Top-level fields of an OpenAI chat request that the translation lane does not carry, so the
 * server can name them in a warning instead of losing them silently.
 */

/** Fields parseOpenAIChatRequest translates, and Tollgate's own (attribution, stream usage). */
const HANDLED_FIELDS = new Set([
  'model', 'messages', 'stream', 'tools', 'functions', 'tool_choice', 'function_call', 'parallel_tool_calls',
  'response_format', 'reasoning_effort', 'max_tokens', 'max_completion_tokens', 'stop', 'n', 'seed', 'logprobs',
  'top_logprobs', 'temperature', 'top_p', 'frequency_penalty', 'presence_penalty', 'user', 'safety_identifier',
  'stream_options', 'metadata',
]);

/** Fields that only steer OpenAI's own service (storage, caching keys, tiers): nothing to translate. */
const OPENAI_SERVICE_FIELDS = new Set(['store', 'service_tier', 'prompt_cache_key', 'prompt_cache_retention']);

export function untranslatedOpenAIFields(body: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(body).filter((field) => body[field] != null && !HANDLED_FIELDS.has(field) && !OPENAI_SERVICE_FIELDS.has(field));
}
