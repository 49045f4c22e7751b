/**
 * The same-dialect lane for Anthropic targets: the client's Messages body is relayed with
 * targeted edits only (model, Tollgate's attribution out of `metadata`, the latency tier), so
 * thinking blocks, signatures, cache_control placement and server tools reach Anthropic untouched.
 */
import type { LatencyTier } from '../../core/request-metadata.js';
import type { ChatCallContext, JsonObject, PreparedRequest } from '../adapter.js';

export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

/** Client headers that describe the API contract, forwarded as the client sent them. */
const FORWARDED_CLIENT_HEADERS = ['anthropic-beta'];

export function prepareAnthropicPassthrough(body: JsonObject, context: ChatCallContext): PreparedRequest {
  const warnings: string[] = [];
  const out: JsonObject = { ...body, model: context.model };
  if (context.stream) out.stream = true;
  else delete out.stream;
  const metadata = anthropicMetadata(body.metadata, warnings);
  if (metadata) out.metadata = metadata;
  else delete out.metadata;
  if (out.service_tier === undefined) {
    const serviceTier = anthropicServiceTier(context.tier, context.model, warnings);
    if (serviceTier) out.service_tier = serviceTier;
  }
  return anthropicRequest(out, context, warnings);
}

export function anthropicRequest(body: JsonObject, context: ChatCallContext, warnings: string[]): PreparedRequest {
  return { url: messagesUrl(context.account.baseUrl), headers: anthropicHeaders(context), body: JSON.stringify(body), warnings };
}

export function anthropicHeaders(context: Pick<ChatCallContext, 'account' | 'clientHeaders'>): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'anthropic-version': context.clientHeaders?.['anthropic-version'] ?? DEFAULT_ANTHROPIC_VERSION,
  };
  for (const name of FORWARDED_CLIENT_HEADERS) {
    const value = context.clientHeaders?.[name];
    if (value) headers[name] = value;
  }
  if (context.account.apiKey) headers['x-api-key'] = context.account.apiKey;
  Object.assign(headers, context.account.headers);
  return headers;
}

/** Accepts a base URL with or without the trailing `/v1`. */
export function messagesUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`;
}

/**
 * Anthropic has no per-request priority (Priority Tier is a capacity commitment `auto` draws on)
 * and no flex tier: instant asks for `auto`, deferred keeps off priority capacity.
 */
export function anthropicServiceTier(tier: LatencyTier, model: string, warnings: string[]): string | undefined {
  if (tier === 'instant') return 'auto';
  if (tier === 'deferred') {
    warnings.push(`tier deferred: Anthropic has no discounted tier for ${model} outside the Batch API; served at the standard tier`);
    return 'standard_only';
  }
  return undefined;
}

/** Anthropic's metadata takes `user_id` only; Tollgate's attribution keys and anything else stay here. */
function anthropicMetadata(metadata: unknown, warnings: string[]): JsonObject | undefined {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  const entries = Object.entries(metadata as JsonObject);
  const others = entries.map(([key]) => key).filter((key) => key !== 'user_id' && !ATTRIBUTION_KEYS.has(key));
  if (others.length > 0) warnings.push(`metadata ${others.join(', ')} not forwarded: Anthropic's metadata takes user_id only`);
  const userId = (metadata as JsonObject).user_id;
  return typeof userId === 'string' ? { user_id: userId } : undefined;
}

/** Attribution keys Tollgate reads from `metadata`; they are ours, not the provider's. */
const ATTRIBUTION_KEYS = new Set(['user', 'feature', 'tags', 'task', 'team']);
