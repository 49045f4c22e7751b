/**
 * Top-level fields of an Anthropic Messages request that the translation lane does not carry,
 * so the server can name them in a warning instead of losing them silently.
 */

/** Fields parseAnthropicMessagesRequest translates, and ones that steer only Anthropic's service. */
const HANDLED_FIELDS = new Set([
  'model', 'max_tokens', 'messages', 'system', 'stream', 'stop_sequences', 'temperature', 'top_p', 'top_k', 'tools',
  'tool_choice', 'thinking', 'output_config', 'metadata', 'service_tier', 'inference_geo',
]);

export function untranslatedAnthropicFields(body: Readonly<Record<string, unknown>>): string[] {
  const fields = Object.keys(body).filter((field) => body[field] != null && !HANDLED_FIELDS.has(field));
  const outputConfig = body.output_config;
  // Effort steers a model's thinking; without thinking it has no counterpart elsewhere.
  if (typeof outputConfig === 'object' && outputConfig !== null && 'effort' in outputConfig && !isAdaptiveThinking(body.thinking)) fields.push('output_config.effort');
  return fields;
}

function isAdaptiveThinking(thinking: unknown): boolean {
  return typeof thinking === 'object' && thinking !== null && (thinking as { type?: unknown }).type === 'adaptive';
}
