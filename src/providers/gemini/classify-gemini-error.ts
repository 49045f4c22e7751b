/**
 * Gemini error bodies (google.rpc.Status) and statuses → one UpstreamFailure class. A 429 carries
 * its wait in a RetryInfo detail (`retryDelay: "34.4s"`), which wins over any Retry-After header.
 */
import { parseRetryAfter, type UpstreamErrorClass, type UpstreamFailure } from '../../core/upstream-failure.js';
import { geminiErrorSchema, type GeminiError } from './gemini-api.js';

const CONTEXT_TOO_LONG = /input token count.*exceeds|exceeds the maximum number of tokens|(prompt|input|request) is too long|context (window|length)/i;
const BAD_KEY = /api key (is )?(not valid|invalid|expired)/i;

export function classifyGeminiError(status: number, headers: Readonly<Record<string, string>>, bodyText: string, nowMs: number): UpstreamFailure {
  const error = readGeminiError(bodyText);
  const message = error?.message ?? (bodyText.trim().slice(0, 300) || `HTTP ${status}`);
  const failure: UpstreamFailure = { errorClass: classOf(status, error, message), status, message };
  const retryAfterMs = retryDelayMs(error) ?? parseRetryAfter(headers, nowMs);
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  if (error?.status) failure.providerCode = error.status;
  return failure;
}

/** A stream event that is an error rather than a slice of the answer (checked before parsing). */
const ERROR_EVENT = /^\s*\[?\s*\{\s*"error"\s*:/;

export function isGeminiErrorEvent(data: string): boolean {
  return ERROR_EVENT.test(data);
}

/** Reads `{error: …}`, also when a stream wraps it in an array (`[{error: …}]`). */
export function readGeminiError(bodyText: string): GeminiError | undefined {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const candidate: unknown = Array.isArray(json) ? json[0] : json;
  const parsed = geminiErrorSchema.safeParse(candidate);
  return parsed.success ? parsed.data.error : undefined;
}

function classOf(status: number, error: GeminiError | undefined, message: string): UpstreamErrorClass {
  const rpcStatus = error?.status ?? '';
  if (BAD_KEY.test(message) || hasReason(error, 'API_KEY_INVALID')) return 'auth';
  if (status === 401 || status === 403 || rpcStatus === 'PERMISSION_DENIED' || rpcStatus === 'UNAUTHENTICATED') return 'auth';
  if (status === 429 || rpcStatus === 'RESOURCE_EXHAUSTED') return isDailyQuota(error) ? 'quota_exceeded' : 'rate_limit';
  if (status === 404 || rpcStatus === 'NOT_FOUND') return 'not_found';
  if (status === 503 || rpcStatus === 'UNAVAILABLE') return 'overloaded';
  if (status === 504 || rpcStatus === 'DEADLINE_EXCEEDED') return 'timeout';
  if (status >= 500) return 'server_error';
  // Billing not enabled or an unsupported region: this account cannot serve, another target may.
  if (rpcStatus === 'FAILED_PRECONDITION') return 'auth';
  if (CONTEXT_TOO_LONG.test(message)) return 'context_length';
  return 'invalid_request';
}

function retryDelayMs(error: GeminiError | undefined): number | undefined {
  for (const detail of error?.details ?? []) {
    if (!detail['@type']?.endsWith('google.rpc.RetryInfo')) continue;
    const delay = (detail as { retryDelay?: unknown }).retryDelay;
    const match = typeof delay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(delay.trim()) : null;
    if (match?.[1]) return Math.ceil(Number(match[1]) * 1000);
  }
  return undefined;
}

function hasReason(error: GeminiError | undefined, reason: string): boolean {
  return (error?.details ?? []).some((detail) => (detail as { reason?: unknown }).reason === reason);
}

/** A per-day quota will not come back within a retry; a per-minute one will. */
function isDailyQuota(error: GeminiError | undefined): boolean {
  for (const detail of error?.details ?? []) {
    const violations = (detail as { violations?: unknown }).violations;
    if (!Array.isArray(violations)) continue;
    for (const violation of violations) {
      const quotaId = (violation as { quotaId?: unknown }).quotaId;
      if (typeof quotaId === 'string' && /PerDay/i.test(quotaId)) return true;
    }
  }
  return false;
}
