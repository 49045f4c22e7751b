/**
 * The client's answer when every attempt failed, by DESIGN.md's status table: what happened at
 * each target, in one message, with the status that tells the client what to do. Everything rate
 * limited or cooling down → 429 with the soonest Retry-After; nothing callable (open breakers,
 * concurrency limits) → 503; every call timed out → 504; otherwise 502.
 */
import { TollgateError } from '../core/errors.js';
import type { UpstreamErrorClass } from '../core/upstream-failure.js';
import type { AttemptLog } from './attempt-log.js';

export function finalFailureError(attempts: readonly AttemptLog[], requested: string): TollgateError {
  // Abandoned attempts (a hedge that lost, a stopped run) say nothing about the targets.
  const considered = attempts.filter((log) => log.outcome !== 'cancelled');
  const tried = considered.filter((log) => log.outcome !== 'skipped');
  const requestFault = [...tried].reverse().find((log) => REQUEST_FAULTS.has(log.failure?.errorClass));
  const faultFailure = requestFault?.failure;
  if (requestFault && faultFailure) {
    const providerMessage = `${requestFault.target.ref} rejected the request: ${faultFailure.message}`;
    if (faultFailure.errorClass === 'context_length') return new TollgateError('context_length_exceeded', providerMessage, { isRetryable: false, param: 'messages' });
    if (faultFailure.errorClass === 'content_filter') return new TollgateError('content_filtered', providerMessage, { isRetryable: false });
    return new TollgateError('upstream_rejected_request', providerMessage, { isRetryable: false });
  }
  const list = attempts.map(describeAttempt).join('; ');
  if (considered.length > 0 && considered.every(isRateLimited)) {
    return new TollgateError('upstream_rate_limited', `every target is rate limited: ${list}. Retry after the Retry-After delay.`, {
      isRetryable: true,
      ...retryAfterHeaders(attempts),
    });
  }
  if (tried.length === 0 || tried.every(isRateLimited)) {
    return new TollgateError('no_healthy_target', `no healthy target for "${requested}"${list ? `: ${list}` : ''}. Try again shortly.`, {
      isRetryable: true,
      ...retryAfterHeaders(attempts),
    });
  }
  const classes = new Set(tried.map((log) => log.failure?.errorClass));
  if ([...classes].every((errorClass) => errorClass === 'timeout')) {
    return new TollgateError('upstream_timeout', `every target timed out: ${list}`, { isRetryable: false });
  }
  if ([...classes].every((errorClass) => errorClass === 'auth')) {
    const providers = [...new Set(tried.map((log) => log.target.provider.account.id))].join(', ');
    return new TollgateError('upstream_auth_failed', `provider ${providers} rejected Tollgate's credentials (check the apiKey in its config): ${list}`, { isRetryable: false });
  }
  return new TollgateError('upstream_failed', `every target failed: ${list}`, { isRetryable: false });
}

const REQUEST_FAULTS: ReadonlySet<UpstreamErrorClass | undefined> = new Set(['context_length', 'content_filter', 'invalid_request']);

/** Rate limited by the provider just now, or passed over because an earlier rate limit is cooling down. */
function isRateLimited(log: AttemptLog): boolean {
  const errorClass = log.failure?.errorClass;
  if (log.outcome === 'skipped') return log.skipReason === 'cooldown';
  return errorClass === 'rate_limit' || errorClass === 'quota_exceeded';
}

function describeAttempt(log: AttemptLog): string {
  const failure = log.failure;
  if (!failure) return `${log.target.ref}: ok`;
  if (log.outcome === 'skipped') return `${log.target.ref}: skipped (${truncate(failure.message, 200)})`;
  const status = failure.status === null ? failure.errorClass : `${failure.status} ${failure.errorClass}`;
  return `${log.target.ref}: ${status} (${truncate(failure.message, 200)})`;
}

function retryAfterHeaders(attempts: readonly AttemptLog[]): { headers?: Record<string, string> } {
  const delays = attempts.map((log) => log.failure?.retryAfterMs).filter((delay): delay is number => delay !== undefined);
  if (delays.length === 0) return {};
  return { headers: { 'retry-after': String(Math.max(1, Math.ceil(Math.min(...delays) / 1000))) } };
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
