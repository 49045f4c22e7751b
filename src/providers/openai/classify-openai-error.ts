/** OpenAI-format error bodies and statuses → one UpstreamFailure class. */
import { z } from 'zod';
import { parseRetryAfter, type UpstreamErrorClass, type UpstreamFailure } from '../../core/upstream-failure.js';

/** Mistral and some others answer with the fields at the top level instead of under `error`. */
const flatErrorSchema = z.looseObject({
  message: z.string(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
});

const errorBodySchema = z.looseObject({
  error: z.union([
    z.looseObject({
      message: z.string().nullish(),
      type: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
      param: z.string().nullish(),
    }),
    z.string(),
  ]),
});

export function classifyOpenAIError(status: number, headers: Readonly<Record<string, string>>, bodyText: string, nowMs: number): UpstreamFailure {
  const { message, code, type } = readErrorBody(bodyText);
  const failure: UpstreamFailure = {
    errorClass: classOf(status, code, type, message),
    status,
    message: message ?? `HTTP ${status}`,
  };
  const retryAfterMs = parseRetryAfter(headers, nowMs);
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  const providerCode = code ?? type;
  if (providerCode) failure.providerCode = providerCode;
  return failure;
}

function readErrorBody(bodyText: string): { message?: string; code?: string; type?: string } {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    const text = bodyText.trim().slice(0, 300);
    return text ? { message: text } : {};
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) {
    const flat = flatErrorSchema.safeParse(json);
    if (!flat.success) return {};
    return { message: flat.data.message, ...(flat.data.code != null ? { code: String(flat.data.code) } : {}), ...(flat.data.type ? { type: flat.data.type } : {}) };
  }
  const error = parsed.data.error;
  if (typeof error === 'string') return { message: error };
  const result: { message?: string; code?: string; type?: string } = {};
  if (error.message) result.message = error.message;
  if (error.code != null) result.code = String(error.code);
  if (error.type) result.type = error.type;
  return result;
}

/** How OpenAI-compatible providers word "the prompt is too long" when they give no code for it. */
const CONTEXT_LENGTH_MESSAGE = /maximum (context|prompt) length|context (window|length)|prompt is too long|too many tokens|reduce the length of the messages/i;

function classOf(status: number, code: string | undefined, type: string | undefined, message: string | undefined): UpstreamErrorClass {
  const tag = `${code ?? ''} ${type ?? ''}`.toLowerCase();
  if (tag.includes('context_length') || CONTEXT_LENGTH_MESSAGE.test(message ?? '')) return 'context_length';
  if (tag.includes('content_filter') || tag.includes('content_policy')) return 'content_filter';
  if (tag.includes('insufficient_quota')) return 'quota_exceeded';
  // Some compatible providers answer 429 when a model is saturated rather than when we are over a limit.
  if (status === 429 && (tag.includes('capacity') || tag.includes('overloaded'))) return 'overloaded';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 500) return 'server_error';
  return 'invalid_request';
}
