/** The Chat Completions request fields the simulator reads, as zod schemas (the rest pass through). */
import { z } from 'zod';
import { bracketPath, describeJsonType, firstIssue } from '../zod-issues.js';
import { invalidRequest, type OpenAIErrorDetails } from './openai-errors.js';

const contentPart = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  image_url: z.union([z.string(), z.looseObject({ url: z.string() })]).optional(),
  input_audio: z.looseObject({ data: z.string() }).optional(),
});

const toolCall = z.looseObject({
  id: z.string(),
  type: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCall).nullish(),
  tool_call_id: z.string().optional(),
});

const functionTool = z.looseObject({
  type: z.string(),
  function: z
    .looseObject({
      name: z.string().min(1),
      description: z.string().optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    })
    .optional(),
});

// Mistral also accepts "any" (as "required").
const toolChoice = z.union([
  z.enum(['none', 'auto', 'required', 'any']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
]);

const responseFormat = z.looseObject({
  type: z.enum(['text', 'json_object', 'json_schema']),
  json_schema: z
    .looseObject({ name: z.string(), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullish() })
    .optional(),
});

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish(), include_obfuscation: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  n: z.number().int().min(1).max(128).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  tools: z.array(functionTool).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: responseFormat.nullish(),
  service_tier: z.string().nullish(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(),
  temperature: z.number().nullish(),
  seed: z.number().int().nullish(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof message>;

export type ParseResult = { request: ChatRequest } | { error: OpenAIErrorDetails };

export function parseChatRequest(body: unknown): ParseResult {
  const parsed = chatRequestSchema.safeParse(body);
  if (parsed.success) return { request: parsed.data };
  const { path, isMissing, received, issue } = firstIssue(parsed.error, body);
  const param = bracketPath(path);
  if (isMissing) return { error: invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter') };
  if (issue.code === 'too_small' && Array.isArray(received)) {
    return { error: invalidRequest(`Invalid '${param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`, param, 'empty_array') };
  }
  if (issue.code === 'invalid_value' || issue.code === 'too_small' || issue.code === 'too_big') {
    return { error: invalidRequest(`Invalid value for '${param}': ${JSON.stringify(received)} is not allowed here (${issue.message}).`, param, 'invalid_value') };
  }
  return {
    error: invalidRequest(`Invalid type for '${param}': got ${describeJsonType(received)} instead (${issue.message}).`, param, 'invalid_type'),
  };
}
