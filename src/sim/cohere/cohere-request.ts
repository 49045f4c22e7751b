/** The Cohere v2 chat request fields the simulator reads, as zod schemas, and problems in Cohere's words. */
import { z } from 'zod';
import { describeJsonType, firstIssue } from '../zod-issues.js';

const contentPart = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  document: z.unknown().optional(),
  image_url: z.looseObject({ url: z.string() }).optional(),
});

const toolCall = z.looseObject({ id: z.string().optional(), type: z.string().optional(), function: z.looseObject({ name: z.string(), arguments: z.string() }) });

const message = z.looseObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(contentPart)]).optional(),
  tool_calls: z.array(toolCall).optional(),
  tool_plan: z.string().optional(),
  tool_call_id: z.string().optional(),
});

const tool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() }),
});

export const cohereChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().optional(),
  tools: z.array(tool).optional(),
  tool_choice: z.enum(['REQUIRED', 'NONE']).optional(),
  strict_tools: z.boolean().optional(),
  documents: z.array(z.unknown()).optional(),
  response_format: z
    .looseObject({ type: z.enum(['text', 'json_object', 'json_schema']), json_schema: z.record(z.string(), z.unknown()).optional(), schema: z.record(z.string(), z.unknown()).optional() })
    .optional(),
  max_tokens: z.number().int().min(1).optional(),
  stop_sequences: z.array(z.string()).max(5).optional(),
  temperature: z.number().min(0).optional(),
  seed: z.number().int().optional(),
  safety_mode: z.enum(['CONTEXTUAL', 'STRICT', 'OFF']).optional(),
});

export type CohereChatRequest = z.infer<typeof cohereChatRequestSchema>;
export type CohereMessage = z.infer<typeof message>;

export function describeCohereProblem(error: z.ZodError, body: unknown): string {
  const { path, isMissing, received, issue } = firstIssue(error, body);
  const where = path.join('.');
  if (isMissing) return `${where} is required`;
  if (issue.code === 'too_small' && Array.isArray(received)) return `${where} must not be empty`;
  if (issue.code === 'too_big' && Array.isArray(received)) return `${where} must have at most ${String('maximum' in issue ? issue.maximum : '')} items`;
  if (issue.code === 'invalid_value') return `${where} must be one of ${issue.values.map(String).join(', ')}, got ${JSON.stringify(received)}`;
  return `${where} is invalid: got ${describeJsonType(received)} (${issue.message})`;
}
