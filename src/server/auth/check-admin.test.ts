import { describe, expect, it } from 'vitest';
import { TollgateError } from '../../core/errors.js';
import { checkAdmin } from './check-admin.js';
import type { AdminRequest } from './check-admin.js';

function request(remoteAddress: string, authorization?: string): AdminRequest {
  return { url: '/v1/usage?group_by=model', socket: { remoteAddress }, headers: authorization === undefined ? {} : { authorization } };
}

function refusal(action: () => void): string {
  try {
    action();
  } catch (error) {
    if (error instanceof TollgateError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'allowed';
}

describe('checkAdmin', () => {
  it('without an admin key lets loopback read reports, refuses other addresses, and keeps key management off', () => {
    expect(refusal(() => checkAdmin(request('127.0.0.1'), undefined, 'loopback'))).toBe('allowed');
    expect(refusal(() => checkAdmin(request('::1'), '', 'loopback'))).toBe('allowed');
    expect(refusal(() => checkAdmin(request('::ffff:127.0.0.1'), undefined, 'loopback'))).toBe('allowed');
    expect(refusal(() => checkAdmin(request('10.0.0.7'), undefined, 'loopback'))).toMatch(/^invalid_api_key: .*\/v1\/usage answers clients on this machine only/);
    expect(refusal(() => checkAdmin(request('127.0.0.1'), undefined, 'off'))).toMatch(/^invalid_api_key: the admin endpoints are off/);
  });

  it('with an admin key demands it from every address, loopback included', () => {
    expect(refusal(() => checkAdmin(request('127.0.0.1'), 'admin-secret', 'loopback'))).toMatch(/needs the admin key/);
    expect(refusal(() => checkAdmin(request('127.0.0.1', 'Bearer admin-wrong'), 'admin-secret', 'loopback'))).toMatch(/wrong admin key/);
    expect(refusal(() => checkAdmin(request('10.0.0.7', 'Bearer admin-secret'), 'admin-secret', 'off'))).toBe('allowed');
    expect(refusal(() => checkAdmin(request('10.0.0.7', 'bearer admin-secret'), 'admin-secret', 'loopback'))).toBe('allowed');
  });
});
