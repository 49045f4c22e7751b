/**
 * The one error catalogue: every error Tollgate answers has a code here, with its HTTP status
 * and the error `type` each dialect expects. The README documents every code (a test checks).
 */

export const ERROR_CATALOGUE = {
  invalid_json: { status: 400, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error' },
  invalid_request: { status: 400, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error' },
  unsupported_parameter: { status: 400, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error' },
  unpriced_model: { status: 400, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error' },
  context_length_exceeded: { status: 400, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error' },
  content_filtered: { status: 400, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error' },
  upstream_rejected_request: { status: 400, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error' },
  invalid_api_key: { status: 401, openaiType: 'authentication_error', anthropicType: 'authentication_error' },
  budget_exceeded: { status: 402, openaiType: 'insufficient_quota', anthropicType: 'billing_error' },
  cost_cap_exceeded: { status: 402, openaiType: 'insufficient_quota', anthropicType: 'billing_error' },
  permission_denied: { status: 403, openaiType: 'permission_error', anthropicType: 'permission_error' },
  model_not_found: { status: 404, openaiType: 'invalid_request_error', anthropicType: 'not_found_error' },
  not_found: { status: 404, openaiType: 'invalid_request_error', anthropicType: 'not_found_error' },
  method_not_allowed: { status: 405, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error' },
  payload_too_large: { status: 413, openaiType: 'invalid_request_error', anthropicType: 'request_too_large' },
  unsupported_media_type: { status: 415, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error' },
  rate_limited: { status: 429, openaiType: 'rate_limit_error', anthropicType: 'rate_limit_error' },
  upstream_rate_limited: { status: 429, openaiType: 'rate_limit_error', anthropicType: 'rate_limit_error' },
  internal_error: { status: 500, openaiType: 'server_error', anthropicType: 'api_error' },
  upstream_failed: { status: 502, openaiType: 'upstream_error', anthropicType: 'api_error' },
  upstream_auth_failed: { status: 502, openaiType: 'upstream_error', anthropicType: 'api_error' },
  no_healthy_target: { status: 503, openaiType: 'server_error', anthropicType: 'overloaded_error' },
  shutting_down: { status: 503, openaiType: 'server_error', anthropicType: 'overloaded_error' },
  upstream_timeout: { status: 504, openaiType: 'timeout_error', anthropicType: 'timeout_error' },
} as const satisfies Record<string, { status: number; openaiType: string; anthropicType: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function statusOf(code: ErrorCode): number {
  return ERROR_CATALOGUE[code].status;
}

export interface TollgateErrorOptions {
  /** The request field the error is about, when there is one (OpenAI's `param`). */
  param?: string;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
  /** Whether a client retrying the same request could succeed; false adds `x-should-retry: false`. */
  isRetryable?: boolean;
  cause?: unknown;
}

/** An error meant for the client: its message says what happened and what to do. */
export class TollgateError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly param: string | null;
  readonly headers: Record<string, string>;
  readonly isRetryable: boolean;

  constructor(code: ErrorCode, message: string, options: TollgateErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TollgateError';
    this.code = code;
    this.status = statusOf(code);
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
    this.isRetryable = options.isRetryable ?? defaultRetryable(this.status);
  }
}

function defaultRetryable(status: number): boolean {
  return status === 429 || status === 503;
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string };
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id?: string;
}

export function toOpenAIErrorBody(error: TollgateError): OpenAIErrorBody {
  return {
    error: { message: error.message, type: ERROR_CATALOGUE[error.code].openaiType, param: error.param, code: error.code },
  };
}

export function toAnthropicErrorBody(error: TollgateError, requestId?: string): AnthropicErrorBody {
  const body: AnthropicErrorBody = { type: 'error', error: { type: ERROR_CATALOGUE[error.code].anthropicType, message: error.message } };
  if (requestId !== undefined) body.request_id = requestId;
  return body;
}

/** Wraps anything thrown into a TollgateError without leaking a stack trace to the client. */
export function asTollgateError(thrown: unknown): TollgateError {
  if (thrown instanceof TollgateError) return thrown;
  return new TollgateError('internal_error', 'Tollgate hit an internal error; the request id in x-tollgate-request-id finds it in the logs.', {
    cause: thrown,
    isRetryable: true,
  });
}
