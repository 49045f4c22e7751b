/**
 * Who may read usage and post feedback: `Authorization: Bearer <server.adminKey>` (compared in constant
 * time); with no admin key configured, clients on this machine only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { TollgateError } from '../../core/errors.js';

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function requireUsageAdmin(request: FastifyRequest, adminKey: string | undefined): void {
  if (adminKey === undefined || adminKey === '') {
    const address = request.socket.remoteAddress ?? '';
    if (LOOPBACK_ADDRESSES.has(address) || address.startsWith('127.')) return;
    throw denied(`no server.adminKey is configured, so ${request.url.split('?')[0]} answers clients on this machine only; set server.adminKey and send "Authorization: Bearer <server.adminKey>"`);
  }
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  if (!match?.[1]) throw denied('this endpoint needs the admin key: send "Authorization: Bearer <server.adminKey>"');
  // Digests first: equal lengths, so the comparison reveals neither the key's length nor where it differs.
  const expected = createHash('sha256').update(adminKey).digest();
  const given = createHash('sha256').update(match[1]).digest();
  if (!timingSafeEqual(expected, given)) throw denied('wrong admin key: send the value of server.adminKey');
}

function denied(message: string): TollgateError {
  return new TollgateError('invalid_api_key', message, { isRetryable: false });
}
