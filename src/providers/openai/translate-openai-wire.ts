/**
 * The parts of OpenAI-format chat responses and chunks the translation lane reads, as zod
 * schemas. Compatible APIs differ in small ways: reasoning arrives as `reasoning_content`
 * (DeepSeek, xAI) or `reasoning` (Groq, OpenRouter); Mistral leaves out tool-call indexes and
 * types; some send arguments as an object rather than JSON text.
 */
import { z } from 'zod';

const toolCallFunction = z.looseObject({
  name: z.string().nullish(),
  arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
});

export const openAIToolCallSchema = z.looseObject({
  index: z.number().int().nonnegative().nullish(),
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: toolCallFunction.nullish(),
});

export type OpenAIToolCall = z.infer<typeof openAIToolCallSchema>;

const reasoningDetail = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  summary: z.string().nullish(),
  signature: z.string().nullish(),
  data: z.string().nullish(),
});

const messageFields = {
  content: z.string().nullish(),
  reasoning_content: z.string().nullish(),
  reasoning: z.string().nullish(),
  reasoning_details: z.array(reasoningDetail).nullish(),
  refusal: z.string().nullish(),
  tool_calls: z.array(openAIToolCallSchema).nullish(),
};

export const openAIChatResponseSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  created: z.number().nullish(),
  choices: z.array(
    z.looseObject({
      index: z.number().int().nonnegative().nullish(),
      message: z.looseObject(messageFields),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: z.unknown().optional(),
  service_tier: z.string().nullish(),
});

export type OpenAIChatResponse = z.infer<typeof openAIChatResponseSchema>;

export const openAIChatChunkSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().int().nonnegative().nullish(),
        delta: z.looseObject(messageFields).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z.unknown().optional(),
  service_tier: z.string().nullish(),
  error: z.unknown().optional(),
});

export type OpenAIChatChunk = z.infer<typeof openAIChatChunkSchema>;

export type OpenAIReasoningDetail = z.infer<typeof reasoningDetail>;

/** Tool-call arguments as JSON text, whichever way the provider sent them. */
export function argumentsText(value: string | Record<string, unknown> | null | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
