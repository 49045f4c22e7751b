/**
 * The OpenAI chat completion request as the translation lane reads it: zod schemas for the
 * fields Tollgate translates, loose so unknown fields survive to be reported, not to fail.
 */
import { z } from 'zod';

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });

const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).nullish() }),
});

const filePart = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({ file_data: z.string().nullish(), file_id: z.string().nullish(), filename: z.string().nullish() }),
});

const audioPart = z.looseObject({ type: z.literal('input_audio') });

const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

export const userPartSchema = z.discriminatedUnion('type', [textPart, imagePart, filePart, audioPart]);

export type OpenAIUserPart = z.infer<typeof userPartSchema>;

const textContent = z.union([z.string(), z.array(textPart)]);

const toolCall = z.looseObject({
  id: z.string().min(1),
  type: z.literal('function').nullish(),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});

const reasoningDetail = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  summary: z.string().nullish(),
  signature: z.string().nullish(),
  data: z.string().nullish(),
});

export type OpenAIReasoningDetail = z.infer<typeof reasoningDetail>;

export const openAIMessageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: textContent, name: z.string().nullish() }),
  z.looseObject({ role: z.literal('developer'), content: textContent, name: z.string().nullish() }),
  z.looseObject({ role: z.literal('user'), content: z.union([z.string(), z.array(userPartSchema)]), name: z.string().nullish() }),
  z.looseObject({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, refusalPart]))]).nullish(),
    refusal: z.string().nullish(),
    tool_calls: z.array(toolCall).nullish(),
    function_call: z.looseObject({ name: z.string().min(1), arguments: z.string() }).nullish(),
    reasoning_content: z.string().nullish(),
    reasoning_details: z.array(reasoningDetail).nullish(),
    name: z.string().nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: textContent }),
  z.looseObject({ role: z.literal('function'), name: z.string().min(1), content: z.string().nullish() }),
]);

export type OpenAIMessage = z.infer<typeof openAIMessageSchema>;

export const functionDefinitionSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const probability = z.number().min(0).max(1);

export const openAIChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(openAIMessageSchema).min(1),
  stream: z.boolean().nullish(),
  tools: z.array(z.looseObject({ type: z.string(), function: functionDefinitionSchema.nullish() })).nullish(),
  functions: z.array(functionDefinitionSchema).nullish(),
  tool_choice: z
    .union([z.enum(['none', 'auto', 'required']), z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) })])
    .nullish(),
  function_call: z.union([z.enum(['none', 'auto']), z.looseObject({ name: z.string().min(1) })]).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('text') }),
      z.looseObject({ type: z.literal('json_object') }),
      z.looseObject({
        type: z.literal('json_schema'),
        json_schema: z.looseObject({
          name: z.string().min(1),
          schema: z.record(z.string(), z.unknown()).nullish(),
          strict: z.boolean().nullish(),
          description: z.string().nullish(),
        }),
      }),
    ])
    .nullish(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  n: z.number().int().positive().nullish(),
  seed: z.number().int().nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: probability.nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
});

export type OpenAIChatRequest = z.infer<typeof openAIChatRequestSchema>;

export type OpenAIFunctionDefinition = z.infer<typeof functionDefinitionSchema>;
