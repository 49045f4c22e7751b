/**
 * Why an upstream attempt failed, classified once by the adapter that spoke to it, so routing
 * can decide on a fallback without knowing any provider's error format.
 */

export const UPSTREAM_ERROR_CLASSES = [
  'rate_limit',
  'quota_exceeded',
  'overloaded',
  'server_error',
  'timeout',
  'connection',
  'auth',
  'invalid_request',
  'context_length',
  'content_filter',
  'not_found',
  'malformed_response',
  'cancelled',
] as const;

export type UpstreamErrorClass = (typeof UPSTREAM_ERROR_CLASSES)[number];

export interface UpstreamFailure {
  errorClass: UpstreamErrorClass;
  /** HTTP status the provider answered, or null when no response came (timeout, connection). */
  status: number | null;
  /** The provider's own message, for the attempt list in our error and for the ledger. */
  message: string;
  /** How long the provider asked us to wait (Retry-After, Gemini RetryInfo), in milliseconds. */
  retryAfterMs?: number;
  /** The provider's error code or type, e.g. `context_length_exceeded`. */
  providerCode?: string;
}

/** Classes where another target may well succeed; invalid requests would fail anywhere. */
export const FALLBACK_CLASSES_DEFAULT: readonly UpstreamErrorClass[] = [
  'rate_limit',
  'quota_exceeded',
  'overloaded',
  'server_error',
  'timeout',
  'connection',
  'auth',
  'malformed_response',
  'not_found',
];

/** Reads `retry-after` (seconds or an HTTP date) and `retry-after-ms`; undefined when absent or nonsense. */
export function parseRetryAfter(headers: Readonly<Record<string, string | undefined>>, nowMs: number): number | undefined {
  const milliseconds = headers['retry-after-ms'];
  if (milliseconds !== undefined && /^\d+(\.\d+)?$/.test(milliseconds.trim())) return Math.ceil(Number(milliseconds));
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
