/** The admin endpoints take `Authorization: Bearer <server.adminKey>`, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { TollgateError } from '../../core/errors.js';
import { presentedKey } from './authenticate.js';
import type { RequestHeaders } from './authenticate.js';

export function checkAdmin(headers: RequestHeaders, adminKey: string | undefined): void {
  if (adminKey === undefined || adminKey === '') {
    throw new TollgateError('invalid_api_key', 'the admin endpoints are off: set server.adminKey (e.g. adminKey: ${TOLLGATE_ADMIN_KEY}) to use them', { isRetryable: false });
  }
  const presented = presentedKey(headers);
  if (presented === undefined) throw new TollgateError('invalid_api_key', 'admin endpoints need "Authorization: Bearer <server.adminKey>"', { isRetryable: false });
  // Hashing first gives equal lengths, so the comparison reveals neither the key's length nor where it differs.
  const expected = createHash('sha256').update(adminKey).digest();
  const given = createHash('sha256').update(presented).digest();
  if (!timingSafeEqual(expected, given)) throw new TollgateError('invalid_api_key', 'wrong admin key: use the value of server.adminKey', { isRetryable: false });
}
