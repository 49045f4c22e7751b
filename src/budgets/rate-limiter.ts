/**
 * Requests per minute and tokens per minute, per virtual key, team and route, over a sliding minute. Tokens
 * are counted from the pre-flight estimate at admission and corrected to the actual count when the request
 * settles. Over a limit: 429 `rate_limited` with `Retry-After` in whole seconds.
 */
import { TollgateError } from '../core/errors.js';

export type RateLimitScope = 'key' | 'team' | 'route';
export type RateLimitMetric = 'rpm' | 'tpm';

export interface RateLimitRule {
  scope: RateLimitScope;
  /** The key id, team or route name. */
  name: string;
  rpm?: number;
  tpm?: number;
}

export interface RateLimitRequest {
  /** Makes a retried token correction count once. */
  requestId: string;
  rules: readonly RateLimitRule[];
  /** Input tokens plus the most the request may produce. */
  estimatedTokens: number;
  now?: number;
}

export interface RateLimitTicket {
  /** Replaces the estimate by the tokens the request really used (once; later calls do nothing). */
  settle(actualTokens: number, now?: number): Promise<void>;
}

export type RateLimitDecision =
  | { status: 'ok'; ticket: RateLimitTicket }
  | { status: 'limited'; rule: RateLimitRule; metric: RateLimitMetric; retryAfterSeconds: number | null; error: TollgateError };

export interface RateLimiter {
  readonly kind: 'memory' | 'redis';
  /** Admits the request under every rule at once, or under none. */
  admit(request: RateLimitRequest): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

/** One counter a request touches: a rule's rpm or tpm, and what the request costs there. */
export interface RateCounter {
  key: string;
  rule: RateLimitRule;
  metric: RateLimitMetric;
  limit: number;
  cost: number;
}

export function rateCounters(rules: readonly RateLimitRule[], estimatedTokens: number): RateCounter[] {
  const counters: RateCounter[] = [];
  for (const rule of rules) {
    const base = `${rule.scope}:${encodeURIComponent(rule.name)}`;
    if (rule.rpm !== undefined) counters.push({ key: `${base}:rpm`, rule, metric: 'rpm', limit: rule.rpm, cost: 1 });
    if (rule.tpm !== undefined) counters.push({ key: `${base}:tpm`, rule, metric: 'tpm', limit: rule.tpm, cost: Math.max(0, Math.ceil(estimatedTokens)) });
  }
  return counters;
}

/** Rate-limit rules of a request from its key's limits and (proposed config) team and route limits. */
export function rateLimitRulesFor(sources: {
  key?: { id: string; rpm: number | null; tpm: number | null };
  team?: { name: string; rpm?: number; tpm?: number };
  route?: { name: string; rpm?: number; tpm?: number };
}): RateLimitRule[] {
  const rules: RateLimitRule[] = [];
  const add = (scope: RateLimitScope, name: string, rpm: number | null | undefined, tpm: number | null | undefined): void => {
    if (rpm == null && tpm == null) return;
    const rule: RateLimitRule = { scope, name };
    if (rpm != null) rule.rpm = rpm;
    if (tpm != null) rule.tpm = tpm;
    rules.push(rule);
  };
  if (sources.key) add('key', sources.key.id, sources.key.rpm, sources.key.tpm);
  if (sources.team) add('team', sources.team.name, sources.team.rpm, sources.team.tpm);
  if (sources.route) add('route', sources.route.name, sources.route.rpm, sources.route.tpm);
  return rules;
}

export function rateLimitedDecision(counter: RateCounter, retryAfterMs: number | undefined): RateLimitDecision {
  const { rule, metric, limit, cost } = counter;
  const who = rule.scope === 'key' ? `virtual key ${rule.name}` : `${rule.scope} "${rule.name}"`;
  const unit = metric === 'rpm' ? 'requests' : 'tokens';
  if (retryAfterMs === undefined) {
    const error = new TollgateError(
      'rate_limited',
      `this request may use up to ${cost} tokens, more than the ${limit} tokens per minute ${who} allows at all; set a lower max_tokens or send less input`,
      { isRetryable: false },
    );
    return { status: 'limited', rule, metric, retryAfterSeconds: null, error };
  }
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const error = new TollgateError('rate_limited', `rate limit of ${who} reached: ${limit} ${unit} per minute; retry in ${retryAfterSeconds} s`, {
    headers: { 'retry-after': String(retryAfterSeconds), 'x-tollgate-rate-limit': `${rule.scope}:${rule.name}:${metric}` },
    isRetryable: true,
  });
  return { status: 'limited', rule, metric, retryAfterSeconds, error };
}
