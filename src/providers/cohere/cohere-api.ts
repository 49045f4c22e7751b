/** The parts of Cohere's v2 chat answers and stream events that Tollgate reads, as zod schemas. */
import { z } from 'zod';

const count = z.number().nonnegative().nullish();

export const cohereUsageSchema = z.looseObject({
  billed_units: z.looseObject({ input_tokens: count, output_tokens: count }).nullish(),
  tokens: z.looseObject({ input_tokens: count, output_tokens: count }).nullish(),
  cached_tokens: count,
});

const toolCallSchema = z.looseObject({
  id: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

const contentItemSchema = z.looseObject({ type: z.string().nullish(), text: z.string().nullish(), thinking: z.string().nullish() });

export const cohereChatResponseSchema = z.looseObject({
  id: z.string().nullish(),
  finish_reason: z.string().nullish(),
  message: z.looseObject({
    content: z.array(contentItemSchema).nullish(),
    tool_plan: z.string().nullish(),
    tool_calls: z.array(toolCallSchema).nullish(),
  }),
  usage: z.unknown().optional(),
});

export type CohereChatResponse = z.infer<typeof cohereChatResponseSchema>;

/** One v2 stream event; `delta.message` holds whatever slice the event type carries. */
export const cohereStreamEventSchema = z.looseObject({
  type: z.string(),
  id: z.string().nullish(),
  index: z.number().int().nonnegative().nullish(),
  delta: z
    .looseObject({
      finish_reason: z.string().nullish(),
      usage: z.unknown().optional(),
      error: z.string().nullish(),
      message: z
        .looseObject({
          content: z.union([contentItemSchema, z.array(contentItemSchema)]).nullish(),
          tool_plan: z.string().nullish(),
          tool_calls: z.union([toolCallSchema, z.array(toolCallSchema)]).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

export type CohereStreamEvent = z.infer<typeof cohereStreamEventSchema>;
