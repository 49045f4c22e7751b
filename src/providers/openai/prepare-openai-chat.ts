/**
 * The same-dialect lane for OpenAI-format targets: the client's body goes upstream with targeted
 * edits only, so fields Tollgate does not know still reach the provider.
 */
import type { ChatCallContext, JsonObject, PreparedRequest } from '../adapter.js';

/** How an OpenAI-compatible upstream differs from OpenAI itself. */
export interface OpenAICompatibleQuirks {
  /** Tool calls come without OpenAI's `type` (and, streamed, without `index`): put them back for clients. */
  omitsToolCallTypeAndIndex?: boolean;
  /** Upstreams that answer 400 to `stream_options` (they then send usage unasked, or not at all). */
  rejectsStreamOptions?: boolean;
  /** Upstreams that answer 400 to a `metadata` object. */
  rejectsMetadata?: boolean;
  /** Whether the upstream has OpenAI's `service_tier` values (priority, flex). */
  hasServiceTiers?: boolean;
  /** Header carrying the key: `authorization: Bearer` (default) or Azure's `api-key`. */
  authHeader?: 'bearer' | 'api-key';
  /** Body fields the upstream answers 400/422 to: removed, with a warning when the client sent them. */
  unsupportedFields?: readonly string[];
  /** Body fields the upstream names differently (Mistral's `random_seed`): moved when the client sent them. */
  renamedFields?: Readonly<Record<string, string>>;
  /** Fields added to every chat body the client did not set (OpenRouter's `usage: {include: true}`). */
  addedFields?: Readonly<JsonObject>;
  /**
   * Azure-style URLs: `{base}/openai/deployments/{model}{path}?api-version=…` with the model (the
   * deployment name) out of the body; `account.apiVersion: v1` selects `{base}/openai/v1{path}` instead.
   */
  deploymentUrls?: { defaultApiVersion: string };
}

/** Attribution keys Tollgate reads from `metadata`; they are ours, not the provider's. */
const ATTRIBUTION_KEYS = new Set(['user', 'feature', 'tags', 'task', 'team']);

/** Models with OpenAI flex processing, which the deferred tier uses until it has its own queue. */
const FLEX_MODEL_PREFIXES = ['o3', 'o4-mini', 'gpt-5'];

/**
 * `asksForStreamUsage: false` leaves `stream_options` as the client sent it: the Responses API
 * always reports usage in its last event and has no `include_usage` to ask for it.
 */
export function prepareOpenAIChatBody(
  body: JsonObject,
  context: ChatCallContext,
  quirks: OpenAICompatibleQuirks,
  options: { asksForStreamUsage?: boolean } = {},
): { body: JsonObject; warnings: string[] } {
  const warnings: string[] = [];
  const out: JsonObject = { ...body, model: context.model };
  if (context.stream && options.asksForStreamUsage !== false) {
    if (quirks.rejectsStreamOptions) delete out.stream_options;
    else out.stream_options = { ...(isObject(body.stream_options) ? body.stream_options : {}), include_usage: true };
  }
  const metadata = forwardedMetadata(body.metadata);
  if (metadata === undefined || quirks.rejectsMetadata) {
    if (metadata !== undefined) warnings.push(`metadata is not forwarded to ${context.account.type}, which rejects it`);
    delete out.metadata;
  } else {
    out.metadata = metadata;
  }
  if (quirks.hasServiceTiers && out.service_tier === undefined) {
    if (context.tier === 'instant') out.service_tier = 'priority';
    if (context.tier === 'deferred') {
      if (FLEX_MODEL_PREFIXES.some((prefix) => context.model.startsWith(prefix))) out.service_tier = 'flex';
      else warnings.push(`tier deferred: ${context.model} has no flex processing, served at the standard tier`);
    }
  }
  if (!quirks.hasServiceTiers && context.tier !== 'standard' && out.service_tier === undefined) {
    const kind = context.tier === 'instant' ? 'priority' : 'flex';
    warnings.push(`tier ${context.tier}: Tollgate has no ${kind} processing for ${context.account.type}; served at the standard tier`);
  }
  applyFieldQuirks(out, quirks, context.account.type, warnings);
  return { body: out, warnings };
}

function applyFieldQuirks(out: JsonObject, quirks: OpenAICompatibleQuirks, providerType: string, warnings: string[]): void {
  for (const [from, to] of Object.entries(quirks.renamedFields ?? {})) {
    if (!(from in out)) continue;
    if (!(to in out)) out[to] = out[from];
    delete out[from];
  }
  for (const field of quirks.unsupportedFields ?? []) {
    if (!(field in out)) continue;
    delete out[field];
    warnings.push(`${field} is not forwarded to ${providerType}, which rejects it`);
  }
  for (const [field, value] of Object.entries(quirks.addedFields ?? {})) if (!(field in out)) out[field] = value;
}

export function openAIRequest(url: string, body: JsonObject, context: Pick<ChatCallContext, 'account'>, quirks: OpenAICompatibleQuirks, warnings: string[]): PreparedRequest {
  const target = quirks.deploymentUrls ? deploymentRequest(url, body, context.account, quirks.deploymentUrls.defaultApiVersion) : { url, body };
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const apiKey = context.account.apiKey;
  if (apiKey) {
    if (quirks.authHeader === 'api-key') headers['api-key'] = apiKey;
    else headers.authorization = `Bearer ${apiKey}`;
  }
  Object.assign(headers, context.account.headers);
  return { url: target.url, headers, body: JSON.stringify(target.body), warnings };
}

/** Rewrites `{base}{path}` into Azure's per-deployment form; the deployment is the model Tollgate sends. */
function deploymentRequest(url: string, body: JsonObject, account: ChatCallContext['account'], defaultApiVersion: string): { url: string; body: JsonObject } {
  const base = account.baseUrl.replace(/\/+$/, '').replace(/\/openai$/, '');
  const path = url.startsWith(base) ? url.slice(base.length).replace(/^\/openai(?=\/)/, '') : new URL(url).pathname;
  const apiVersion = account.apiVersion ?? defaultApiVersion;
  if (apiVersion === 'v1') return { url: `${base}/openai/v1${path}`, body };
  const deployment = body.model;
  if (typeof deployment !== 'string' || deployment === '') return { url, body };
  const { model: _deployment, ...rest } = body;
  return { url: `${base}/openai/deployments/${encodeURIComponent(deployment)}${path}?api-version=${encodeURIComponent(apiVersion)}`, body: rest };
}

function forwardedMetadata(metadata: unknown): JsonObject | undefined {
  if (!isObject(metadata)) return undefined;
  const kept: JsonObject = {};
  for (const [key, value] of Object.entries(metadata)) if (!ATTRIBUTION_KEYS.has(key)) kept[key] = value;
  return Object.keys(kept).length > 0 ? kept : undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
