/** Anthropic error bodies (`{type: "error", error: {type, message}}`) and statuses → one UpstreamFailure class. */
import { parseRetryAfter, type UpstreamErrorClass, type UpstreamFailure } from '../../core/upstream-failure.js';
import { anthropicErrorBodySchema } from './anthropic-wire.js';

export function classifyAnthropicError(status: number, headers: Readonly<Record<string, string>>, bodyText: string, nowMs: number): UpstreamFailure {
  const { type, message } = readErrorBody(bodyText);
  const failure: UpstreamFailure = { errorClass: classOf(status, type, message), status, message: message ?? `HTTP ${status}` };
  const retryAfterMs = parseRetryAfter(headers, nowMs);
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  if (type) failure.providerCode = type;
  return failure;
}

/** Also used for `event: error` in a stream, whose data is the same error body. */
export function classOfAnthropicErrorType(type: string | undefined, message: string | undefined): UpstreamErrorClass {
  const errorClass = classOf(0, type, message);
  // Without a status, an unknown type mid-stream is the provider's trouble, not our request's.
  return errorClass === 'invalid_request' && type !== 'invalid_request_error' ? 'server_error' : errorClass;
}

function classOf(status: number, type: string | undefined, message: string | undefined): UpstreamErrorClass {
  const text = message ?? '';
  if (/prompt is too long|context window|too many (total )?tokens/i.test(text)) return 'context_length';
  if (type === 'billing_error' || /credit balance/i.test(text)) return 'quota_exceeded';
  if (status === 529 || type === 'overloaded_error') return 'overloaded';
  if (status === 429 || type === 'rate_limit_error') return 'rate_limit';
  if (status === 401 || status === 403 || type === 'authentication_error' || type === 'permission_error') return 'auth';
  if (status === 404 || type === 'not_found_error') return 'not_found';
  if (status === 408 || status === 504 || type === 'timeout_error') return 'timeout';
  if (status >= 500 || type === 'api_error') return 'server_error';
  return 'invalid_request';
}

function readErrorBody(bodyText: string): { type?: string; message?: string } {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    const text = bodyText.trim().slice(0, 300);
    return text ? { message: text } : {};
  }
  const parsed = anthropicErrorBodySchema.safeParse(json);
  if (!parsed.success) return {};
  const result: { type?: string; message?: string } = {};
  if (parsed.data.error.type) result.type = parsed.data.error.type;
  if (parsed.data.error.message) result.message = parsed.data.error.message;
  return result;
}
