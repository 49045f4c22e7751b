/**
 * The one admin check. Admin endpoints take `Authorization: Bearer <server.adminKey>`, compared in
 * constant time. With no admin key configured, read-only reports (usage, health, feedback) still answer
 * clients on this machine, so a fresh install can be inspected; key management stays off, because
 * anyone who can reach loopback (another local service, a container sidecar) could otherwise mint keys.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { TollgateError } from '../../core/errors.js';
import { presentedKey } from './authenticate.js';
import type { RequestHeaders } from './authenticate.js';

export type AdminWithoutKey = 'off' | 'loopback';

export interface AdminRequest {
  headers: RequestHeaders;
  url: string;
  socket: { remoteAddress?: string | undefined };
}

const LOOPBACK_ADDRESSES = new Set(['::1', '::ffff:127.0.0.1']);

export function checkAdmin(request: AdminRequest, adminKey: string | undefined, withoutKey: AdminWithoutKey): void {
  if (adminKey === undefined || adminKey === '') {
    if (withoutKey === 'loopback' && isLoopback(request.socket.remoteAddress)) return;
    const path = request.url.split('?')[0] ?? request.url;
    throw denied(
      withoutKey === 'loopback'
        ? `no server.adminKey is configured, so ${path} answers clients on this machine only; set server.adminKey and send "Authorization: Bearer <server.adminKey>"`
        : 'the admin endpoints are off: set server.adminKey (e.g. adminKey: ${TOLLGATE_ADMIN_KEY}) to use them',
    );
  }
  const presented = presentedKey(request.headers);
  if (presented === undefined) throw denied('this endpoint needs the admin key: send "Authorization: Bearer <server.adminKey>"');
  // Hashing first gives equal lengths, so the comparison reveals neither the key's length nor where it differs.
  const expected = createHash('sha256').update(adminKey).digest();
  const given = createHash('sha256').update(presented).digest();
  if (!timingSafeEqual(expected, given)) throw denied('wrong admin key: send the value of server.adminKey');
}

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address.startsWith('127.') || LOOPBACK_ADDRESSES.has(address));
}

function denied(message: string): TollgateError {
  return new TollgateError('invalid_api_key', message, { isRetryable: false });
}
