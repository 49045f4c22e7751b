/** Where Cohere requests go (`{base}/v2/…`, also when the base already ends in /v2) and how they are signed. */
import type { JsonObject, PreparedRequest, ProviderAccount } from '../adapter.js';

export function cohereUrl(baseUrl: string, path: '/chat' | '/embed'): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${/\/v2$/.test(base) ? base : `${base}/v2`}${path}`;
}

export function cohereRequest(url: string, body: JsonObject, account: ProviderAccount, warnings: string[]): PreparedRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  if (account.apiKey) headers.authorization = `Bearer ${account.apiKey}`;
  Object.assign(headers, account.headers);
  return { url, headers, body: JSON.stringify(body), warnings };
}

/** Cohere has no priority or flex processing: a non-standard tier is served at standard, and said so. */
export function cohereTierWarning(tier: string): string | undefined {
  if (tier === 'instant') return 'tier instant: cohere has no priority processing, served at the standard tier';
  if (tier === 'deferred') return 'tier deferred: cohere has no flex processing, served at the standard tier';
  return undefined;
}
