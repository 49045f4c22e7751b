/**
 * The Anthropic Messages request as the translation lane reads it. Content blocks are checked
 * per type in parse-anthropic-content.ts, so a block type no other provider has is refused by
 * name rather than lost in a union error.
 */
import { z } from 'zod';

export const cacheControlSchema = z.looseObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).nullish() });

const anyBlock = z.looseObject({ type: z.string() });

export const blocksOrText = z.union([z.string(), z.array(anyBlock)]);

export const anthropicMessagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant']), content: blocksOrText })).min(1),
  system: blocksOrText.nullish(),
  stream: z.boolean().nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  temperature: z.number().min(0).max(1).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().nonnegative().nullish(),
  tools: z
    .array(
      z.looseObject({
        type: z.string().nullish(),
        name: z.string().min(1),
        description: z.string().nullish(),
        input_schema: z.record(z.string(), z.unknown()).nullish(),
        strict: z.boolean().nullish(),
      }),
    )
    .nullish(),
  tool_choice: z
    .looseObject({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().nullish(), disable_parallel_tool_use: z.boolean().nullish() })
    .nullish(),
  thinking: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('enabled'), budget_tokens: z.number().int().positive() }),
      z.looseObject({ type: z.literal('disabled') }),
      z.looseObject({ type: z.literal('adaptive') }),
    ])
    .nullish(),
  output_config: z
    .looseObject({
      effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullish(),
      format: z.looseObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).nullish(),
    })
    .nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
});

export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesRequestSchema>;

export type AnthropicBlock = z.infer<typeof anyBlock>;

const base64Source = z.looseObject({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string() });
const urlSource = z.looseObject({ type: z.literal('url'), url: z.string().min(1) });
const textSource = z.looseObject({ type: z.literal('text'), media_type: z.string().nullish(), data: z.string() });
const contentSource = z.looseObject({ type: z.literal('content'), content: blocksOrText });
const fileSource = z.looseObject({ type: z.literal('file'), file_id: z.string() });

export const textBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string(), cache_control: cacheControlSchema.nullish() });

export const imageBlockSchema = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [base64Source, urlSource, fileSource]),
  cache_control: cacheControlSchema.nullish(),
});

export const documentBlockSchema = z.looseObject({
  type: z.literal('document'),
  source: z.discriminatedUnion('type', [base64Source, urlSource, textSource, contentSource, fileSource]),
  title: z.string().nullish(),
  cache_control: cacheControlSchema.nullish(),
});

export const toolUseBlockSchema = z.looseObject({ type: z.literal('tool_use'), id: z.string().min(1), name: z.string().min(1), input: z.unknown() });

export const toolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: blocksOrText.nullish(),
  is_error: z.boolean().nullish(),
  cache_control: cacheControlSchema.nullish(),
});

export const thinkingBlockSchema = z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().nullish() });

export const redactedThinkingBlockSchema = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });
