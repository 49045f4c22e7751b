/**
 * Who is calling. In `auth.mode: keys` every request carries a Tollgate virtual key, as `Authorization: Bearer`
 * (OpenAI clients) or `x-api-key` (Anthropic clients); in `open` mode nothing is checked and whatever key a
 * client's SDK insists on sending is ignored.
 */
import { TollgateError } from '../../core/errors.js';
import type { KeyService } from '../../keys/key-service.js';
import type { VirtualKey } from '../../keys/virtual-key.js';

export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

export type AuthMode = 'open' | 'keys';

export interface Authenticated {
  key?: VirtualKey;
}

const ISSUE_HINT = 'an admin issues keys with `tollgate keys create` or POST /admin/keys';

export async function authenticate(headers: RequestHeaders, keyService: KeyService | undefined, mode: AuthMode): Promise<Authenticated> {
  if (mode === 'open') return {};
  if (!keyService) throw new Error('auth.mode keys needs a key service');
  const presented = presentedKey(headers);
  if (presented === undefined) {
    throw invalidKey(`no API key: send your Tollgate virtual key as "Authorization: Bearer tg_…" (or "x-api-key: tg_…" from Anthropic clients); ${ISSUE_HINT}`);
  }
  const verification = await keyService.verify(presented);
  const shown = presented.slice(0, 11);
  switch (verification.status) {
    case 'valid':
      return { key: verification.key };
    case 'malformed':
      throw invalidKey(`the API key is not a Tollgate virtual key (those look like tg_XXXXXXXX_…, 55 characters); provider keys belong in tollgate.yaml, not in requests; ${ISSUE_HINT}`);
    case 'unknown':
      throw invalidKey(`unknown API key ${shown}…: check that it was copied whole (a rotated key's old secret stops working when its grace period ends); ${ISSUE_HINT}`);
    case 'revoked':
      throw invalidKey(`the API key ${shown}… was revoked or rotated out; ask an admin for its replacement`);
    case 'expired':
      throw invalidKey(`the API key ${shown}… has expired; ask an admin for a new one`);
  }
}

/** The key from `Authorization: Bearer …` or `x-api-key`, preferring whichever looks like a Tollgate key. */
export function presentedKey(headers: RequestHeaders): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(headers, 'authorization') ?? '')?.[1];
  const apiKey = headerValue(headers, 'x-api-key')?.trim() || undefined;
  if (bearer?.startsWith('tg_')) return bearer;
  if (apiKey?.startsWith('tg_')) return apiKey;
  return bearer ?? apiKey;
}

function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function invalidKey(message: string): TollgateError {
  return new TollgateError('invalid_api_key', message, { isRetryable: false });
}
