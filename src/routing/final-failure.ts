/**
 * The client's answer when every attempt failed, by DESIGN.md's status table: what happened at
 * each target, in one message, with the status that tells the client what to do.
 */
import { TollgateError } from '../core/errors.js';
import type { AttemptLog } from './attempt-log.js';

export function finalFailureError(attempts: readonly AttemptLog[], requested: string): TollgateError {
  const tried = attempts.filter((log) => log.outcome !== 'skipped');
  const last = attempts[attempts.length - 1];
  if (attempts.length === 0 || tried.length === 0) {
    const reasons = attempts.map(describeAttempt).join('; ');
    return new TollgateError('no_healthy_target', `no healthy target for "${requested}"${reasons ? `: ${reasons}` : ''}. Try again shortly.`, {
      isRetryable: true,
      ...retryAfterHeaders(attempts),
    });
  }
  const lastFailure = last?.failure;
  if (last && lastFailure) {
    const providerMessage = `${last.target.ref} rejected the request: ${lastFailure.message}`;
    if (lastFailure.errorClass === 'context_length') return new TollgateError('context_length_exceeded', providerMessage, { isRetryable: false, param: 'messages' });
    if (lastFailure.errorClass === 'content_filter') return new TollgateError('content_filtered', providerMessage, { isRetryable: false });
    if (lastFailure.errorClass === 'invalid_request') return new TollgateError('upstream_rejected_request', providerMessage, { isRetryable: false });
  }
  const list = attempts.map(describeAttempt).join('; ');
  const classes = new Set(tried.map((log) => log.failure?.errorClass));
  if ([...classes].every((errorClass) => errorClass === 'rate_limit' || errorClass === 'quota_exceeded')) {
    return new TollgateError('upstream_rate_limited', `every target is rate limited: ${list}. Retry after the Retry-After delay.`, {
      isRetryable: true,
      ...retryAfterHeaders(attempts),
    });
  }
  if ([...classes].every((errorClass) => errorClass === 'timeout')) {
    return new TollgateError('upstream_timeout', `every target timed out: ${list}`, { isRetryable: false });
  }
  if ([...classes].every((errorClass) => errorClass === 'auth')) {
    const providers = [...new Set(tried.map((log) => log.target.provider.account.id))].join(', ');
    return new TollgateError('upstream_auth_failed', `provider ${providers} rejected Tollgate's credentials (check the apiKey in its config): ${list}`, { isRetryable: false });
  }
  return new TollgateError('upstream_failed', `every target failed: ${list}`, { isRetryable: false });
}

function describeAttempt(log: AttemptLog): string {
  const failure = log.failure;
  if (!failure) return `${log.target.ref}: ok`;
  const status = failure.status === null ? failure.errorClass : `${failure.status} ${failure.errorClass}`;
  return `${log.target.ref}: ${log.outcome === 'skipped' ? 'skipped, ' : ''}${status} (${truncate(failure.message, 200)})`;
}

function retryAfterHeaders(attempts: readonly AttemptLog[]): { headers?: Record<string, string> } {
  const delays = attempts.map((log) => log.failure?.retryAfterMs).filter((delay): delay is number => delay !== undefined);
  if (delays.length === 0) return {};
  return { headers: { 'retry-after': String(Math.max(1, Math.ceil(Math.min(...delays) / 1000))) } };
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
