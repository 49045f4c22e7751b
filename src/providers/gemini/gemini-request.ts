/**
 * Where Gemini requests go and how they are signed: `{base}/v1beta/models/{model}:{method}`, the key
 * in `x-goog-api-key`. A base URL that already ends in an API version (a simulator, a proxy) is kept.
 */
import type { ChatCallContext, JsonObject, PreparedRequest, ProviderAccount } from '../adapter.js';

export type GeminiMethod = 'generateContent' | 'streamGenerateContent' | 'embedContent' | 'batchEmbedContents';

export function geminiUrl(baseUrl: string, model: string, method: GeminiMethod): string {
  const base = baseUrl.replace(/\/+$/, '');
  const versioned = /\/v1(beta|alpha)?$/.test(base) ? base : `${base}/v1beta`;
  const query = method === 'streamGenerateContent' ? '?alt=sse' : '';
  return `${versioned}/${geminiModelResource(model)}:${method}${query}`;
}

/** `gemini-2.5-flash` → `models/gemini-2.5-flash`; names that already say their collection are kept. */
export function geminiModelResource(model: string): string {
  if (model.startsWith('models/') || model.startsWith('tunedModels/')) return model;
  return `models/${encodeURIComponent(model)}`;
}

export function geminiRequest(url: string, body: JsonObject, account: ProviderAccount, warnings: string[]): PreparedRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  if (account.apiKey) headers['x-goog-api-key'] = account.apiKey;
  Object.assign(headers, account.headers);
  return { url, headers, body: JSON.stringify(body), warnings };
}

/**
 * The latency tier as Gemini's per-request `serviceTier`: instant → priority, deferred → flex
 * (both on generateContent; an account without access is served at standard, and the answer's
 * usageMetadata.serviceTier says which tier billed). A tier the client set itself is kept.
 */
export function applyGeminiTier(body: JsonObject, context: Pick<ChatCallContext, 'tier'>): void {
  if (body.serviceTier !== undefined || body.service_tier !== undefined) return;
  if (context.tier === 'instant') body.serviceTier = 'priority';
  if (context.tier === 'deferred') body.serviceTier = 'flex';
}
