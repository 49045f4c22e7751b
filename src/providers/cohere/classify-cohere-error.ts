/**
 * Cohere error bodies (`{"id", "message"}`) and statuses → one UpstreamFailure class. Cohere uses
 * 498 for an invalid key, 402 when the account must pay, 499 when the request was cancelled.
 */
import { z } from 'zod';
import { parseRetryAfter, type UpstreamErrorClass, type UpstreamFailure } from '../../core/upstream-failure.js';

const errorBodySchema = z.looseObject({ message: z.string().nullish() });

const CONTEXT_TOO_LONG = /too many tokens|context length|context window|prompt is too long|exceeds the (model'?s )?(maximum|limit)/i;

export function classifyCohereError(status: number, headers: Readonly<Record<string, string>>, bodyText: string, nowMs: number): UpstreamFailure {
  const message = readMessage(bodyText) ?? (bodyText.trim().slice(0, 300) || `HTTP ${status}`);
  const failure: UpstreamFailure = { errorClass: classOf(status, message), status, message };
  const retryAfterMs = parseRetryAfter(headers, nowMs);
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  return failure;
}

export function readMessage(bodyText: string): string | undefined {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(bodyText));
    return parsed.success ? (parsed.data.message ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

function classOf(status: number, message: string): UpstreamErrorClass {
  if (status === 401 || status === 403 || status === 498) return 'auth';
  if (status === 402) return 'quota_exceeded';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limit';
  if (status === 499) return 'cancelled';
  if (status === 503) return 'overloaded';
  if (status === 504) return 'timeout';
  if (status >= 500) return 'server_error';
  if (CONTEXT_TOO_LONG.test(message)) return 'context_length';
  return 'invalid_request';
}
