/**
 * The parts of Anthropic Messages responses and stream events Tollgate reads, as zod schemas.
 * Everything is `nullish` and loose: a relay must not fail on a field Anthropic adds tomorrow.
 */
import { z } from 'zod';

const count = z.number().nonnegative().nullish();

export const anthropicUsageSchema = z.looseObject({
  input_tokens: count,
  output_tokens: count,
  cache_creation_input_tokens: count,
  cache_read_input_tokens: count,
  cache_creation: z.looseObject({ ephemeral_5m_input_tokens: count, ephemeral_1h_input_tokens: count }).nullish(),
  output_tokens_details: z.looseObject({ thinking_tokens: count }).nullish(),
  server_tool_use: z.looseObject({ web_search_requests: count, web_fetch_requests: count }).nullish(),
  service_tier: z.string().nullish(),
});

export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

export const anthropicContentBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().optional(),
  thinking: z.string().nullish(),
  signature: z.string().nullish(),
  data: z.string().nullish(),
});

export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;

export const anthropicMessageSchema = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  model: z.string().nullish(),
  content: z.array(anthropicContentBlockSchema).nullish(),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: z.unknown().optional(),
});

export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;

/** A content_block_delta's `delta` (typed) or a message_delta's (stop reason, untyped). */
const eventDelta = z.looseObject({
  type: z.string().nullish(),
  text: z.string().nullish(),
  partial_json: z.string().nullish(),
  thinking: z.string().nullish(),
  signature: z.string().nullish(),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
});

/** One stream event; `type` says which members are present. */
export const anthropicStreamEventSchema = z.looseObject({
  type: z.string(),
  message: anthropicMessageSchema.nullish(),
  index: z.number().int().nonnegative().nullish(),
  content_block: anthropicContentBlockSchema.nullish(),
  delta: eventDelta.nullish(),
  usage: z.unknown().optional(),
  error: z.looseObject({ type: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

export type AnthropicStreamEvent = z.infer<typeof anthropicStreamEventSchema>;

export const anthropicErrorBodySchema = z.looseObject({
  type: z.string().nullish(),
  error: z.looseObject({ type: z.string().nullish(), message: z.string().nullish() }),
});

export function parseAnthropicStreamEvent(data: string): AnthropicStreamEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return undefined;
  }
  const parsed = anthropicStreamEventSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
