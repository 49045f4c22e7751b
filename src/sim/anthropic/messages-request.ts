/** The Messages request fields the simulator reads, as zod schemas, and Anthropic-style messages for what fails. */
import { z } from 'zod';
import { dottedPath, firstIssue } from '../zod-issues.js';

const cacheControl = z.looseObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() }).nullish();

const nestedBlock = z.looseObject({ type: z.string(), text: z.string().optional() });

const contentBlock = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  cache_control: cacheControl,
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  tool_use_id: z.string().optional(),
  content: z.union([z.string(), z.array(nestedBlock)]).optional(),
  thinking: z.string().optional(),
  data: z.string().optional(),
  source: z.unknown().optional(),
});

const message = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(contentBlock)]),
});

const tool = z.looseObject({
  name: z.string().min(1),
  type: z.string().nullish(),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()).optional(),
  cache_control: cacheControl,
});

const toolChoice = z.looseObject({
  type: z.enum(['auto', 'any', 'tool', 'none']),
  name: z.string().optional(),
  disable_parallel_tool_use: z.boolean().optional(),
});

const thinking = z.union([
  z.looseObject({ type: z.literal('enabled'), budget_tokens: z.number().int() }),
  z.looseObject({ type: z.literal('disabled') }),
  z.looseObject({ type: z.literal('adaptive') }),
]);

export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z.array(message),
  system: z.union([z.string(), z.array(contentBlock)]).optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  thinking: thinking.optional(),
  service_tier: z.string().optional(),
  temperature: z.number().optional(),
  cache_control: cacheControl,
  output_config: z
    .looseObject({ format: z.looseObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).nullish() })
    .optional(),
});

/** count_tokens takes the same prompt without the generation fields. */
export const countTokensRequestSchema = messagesRequestSchema.omit({ max_tokens: true });

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>;
export type AnthropicMessage = z.infer<typeof message>;
export type AnthropicContentBlock = z.infer<typeof contentBlock>;

/** Anthropic words validation failures the pydantic way: `messages.0.role: Field required`. */
export function describeRequestProblem(error: z.ZodError, body: unknown): string {
  const { path, isMissing, issue } = firstIssue(error, body);
  const where = dottedPath(path);
  if (isMissing) return `${where}: Field required`;
  if (issue.code === 'invalid_type') return `${where}: Input should be a valid ${issue.expected}`;
  if (issue.code === 'too_small' && 'minimum' in issue) return `${where}: Input should be greater than or equal to ${String(issue.minimum)}`;
  if (issue.code === 'invalid_value') return `${where}: Input should be ${issue.values.map((value) => `'${String(value)}'`).join(', ')}`;
  return `${where}: ${issue.message}`;
}
