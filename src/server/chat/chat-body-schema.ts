/**
 * The fields of an OpenAI chat completion request that Tollgate reads; everything else passes
 * through untouched. Errors name the field and say what is expected.
 */
import { z } from 'zod';
import { TollgateError } from '../../core/errors.js';

const positiveInt = z.number().int().positive();

export const chatBodySchema = z.looseObject({
  model: z.string({ error: 'model is required: a route name, provider/model, or a model name' }).min(1, 'model must not be empty'),
  messages: z
    .array(z.looseObject({ role: z.string({ error: 'each message needs a role' }) }), { error: 'messages is required: an array of {role, content}' })
    .min(1, 'messages must hold at least one message'),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: positiveInt.nullish(),
  max_completion_tokens: positiveInt.nullish(),
  n: positiveInt.nullish(),
  user: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
});

export type ChatBody = z.infer<typeof chatBodySchema>;

export const embeddingsBodySchema = z.looseObject({
  model: z.string({ error: 'model is required' }).min(1, 'model must not be empty'),
  input: z.union([z.string(), z.array(z.string()), z.array(z.number()), z.array(z.array(z.number()))], {
    error: 'input is required: a string, an array of strings, or token arrays',
  }),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: positiveInt.nullish(),
  user: z.string().nullish(),
});

/** Parses a body against a schema, turning the first problem into a 400 that names its field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new TollgateError('invalid_request', 'the request body must be a JSON object', { isRetryable: false });
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue ? issue.path.map(String).join('.') : undefined;
  const message = issue ? (param ? `${param}: ${issue.message}` : issue.message) : 'invalid request body';
  throw new TollgateError('invalid_request', message, { isRetryable: false, ...(param ? { param } : {}) });
}
