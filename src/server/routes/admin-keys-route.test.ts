/**
 * The key lifecycle over real HTTP: an admin issues a key, the key authenticates, is refused a route it may
 * not use, is rotated, and once revoked gets 401. The secret appears in exactly one response and in no log.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreKeyService } from '../../keys/key-service.js';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/index.js';
import { assertAllowed } from '../auth/is-allowed.js';
import { authenticate } from '../auth/authenticate.js';
import { registerJsonBodyParser } from '../json-body-parser.js';
import { replyError } from '../reply-error.js';
import { registerAdminKeyRoutes } from './admin-keys-route.js';

const ADMIN_KEY = 'admin-secret-for-tests';
const ROUTES = new Set(['smart', 'economy']);

interface Json {
  [key: string]: unknown;
}

describe('admin key routes and authentication', () => {
  let directory: string;
  let store: Store;
  let app: FastifyInstance;
  let baseUrl: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-admin-keys-'));
    store = await openStore(`sqlite://${path.join(directory, 'tollgate.db')}`);
    const keyService = new StoreKeyService(store);
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    app = Fastify({ logger: { level: 'trace', stream: logStream, redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] } });
    registerJsonBodyParser(app, 1024 * 1024);
    app.setErrorHandler((error, request, reply) => replyError(request, reply, error));
    registerAdminKeyRoutes(app, () => ({ keyService, adminKey: ADMIN_KEY }));
    // What the gateway does before routing, reduced to authentication and the key's permissions.
    app.post('/v1/chat/completions', async (request) => {
      const { key } = await authenticate(request.headers, keyService, 'keys');
      const model = (request.body as { model: string }).model;
      if (key) assertAllowed(key, model, ROUTES.has(model) ? model : undefined);
      return { ok: true, keyId: key?.id };
    });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app.close();
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function call(method: string, url: string, options: { token?: string; body?: unknown; header?: string } = {}): Promise<{ status: number; json: Json; text: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers[options.header ?? 'authorization'] = options.header ? options.token : `Bearer ${options.token}`;
    const init: RequestInit = { method, headers };
    if (options.body !== undefined) init.body = JSON.stringify(options.body);
    const response = await fetch(`${baseUrl}${url}`, init);
    const text = await response.text();
    return { status: response.status, json: JSON.parse(text) as Json, text };
  }

  it('refuses the admin endpoints without the admin key', async () => {
    expect((await call('GET', '/admin/keys')).status).toBe(401);
    const wrong = await call('GET', '/admin/keys', { token: 'not-the-admin-key' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: { type: 'authentication_error', code: 'invalid_api_key' } });
  });

  it('names the field of a bad body', async () => {
    const bad = await call('POST', '/admin/keys', { token: ADMIN_KEY, body: { user: 'u1', budgetUsd: 'ten', colour: 'red' } });
    expect(bad.status).toBe(400);
    expect(String((bad.json.error as Json).message)).toMatch(/colour|budgetUsd/);
    const period = await call('POST', '/admin/keys', { token: ADMIN_KEY, body: { budgetUsd: '5', budgetPeriod: 'fortnight' } });
    expect(period.status).toBe(400);
    expect((period.json.error as Json).param).toBe('budgetPeriod');
  });

  it('issues, authenticates, forbids, rotates and revokes a key; the secret is shown once and never logged', async () => {
    const created = await call('POST', '/admin/keys', {
      token: ADMIN_KEY,
      body: { name: 'support bot', user: 'u1', team: 'support', feature: 'support-bot', tags: ['beta'], routes: ['economy'], budgetUsd: '25.00', budgetPeriod: 'day', maxCostPerRequest: '0.05', rpm: 60, tpm: 100000 },
    });
    expect(created.status).toBe(201);
    const secret = String(created.json.key);
    const id = String(created.json.id);
    expect(secret).toMatch(/^tg_/);
    expect(created.json).toMatchObject({ status: 'active', user: 'u1', team: 'support', routes: ['economy'], models: null, budgetUsd: '25', budgetPeriod: 'day', maxCostPerRequest: '0.05', rpm: 60, tpm: 100000 });

    const allowed = await call('POST', '/v1/chat/completions', { token: secret, body: { model: 'economy' } });
    expect(allowed).toMatchObject({ status: 200, json: { ok: true, keyId: id } });
    const anthropicStyle = await call('POST', '/v1/chat/completions', { token: secret, header: 'x-api-key', body: { model: 'economy' } });
    expect(anthropicStyle.status).toBe(200);
    const forbidden = await call('POST', '/v1/chat/completions', { token: secret, body: { model: 'smart' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toMatchObject({ error: { code: 'permission_denied', type: 'permission_error' } });
    expect(String((forbidden.json.error as Json).message)).toContain('may use routes "economy"');
    expect((await call('POST', '/v1/chat/completions', { token: secret, body: { model: 'openai/gpt-4o' } })).status).toBe(403);

    const listed = await call('GET', '/admin/keys', { token: ADMIN_KEY });
    const shown = await call('GET', `/admin/keys/${id}`, { token: ADMIN_KEY });
    expect(shown.json).toMatchObject({ id, prefix: secret.slice(0, 11) });
    expect(listed.json.data).toContainEqual(expect.objectContaining({ id }));

    const rotated = await call('POST', `/admin/keys/${id}/rotate`, { token: ADMIN_KEY, body: { gracePeriodSeconds: 0 } });
    expect(rotated.status).toBe(200);
    const newSecret = String(rotated.json.key);
    expect(newSecret).not.toBe(secret);
    expect((await call('POST', '/v1/chat/completions', { token: secret, body: { model: 'economy' } })).status).toBe(401);
    expect((await call('POST', '/v1/chat/completions', { token: newSecret, body: { model: 'economy' } })).status).toBe(200);

    const revoked = await call('DELETE', `/admin/keys/${id}`, { token: ADMIN_KEY });
    expect(revoked.json).toMatchObject({ id, status: 'revoked' });
    const afterRevoke = await call('POST', '/v1/chat/completions', { token: newSecret, body: { model: 'economy' } });
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.json).toMatchObject({ error: { code: 'invalid_api_key' } });
    expect(String((afterRevoke.json.error as Json).message)).toContain('revoked');
    expect((await call('POST', `/admin/keys/${id}/rotate`, { token: ADMIN_KEY })).status).toBe(404);
    expect((await call('GET', '/admin/keys/key_nope', { token: ADMIN_KEY })).status).toBe(404);

    for (const text of [listed.text, shown.text, revoked.text, logLines.join('')]) {
      expect(text).not.toContain(secret.slice(12));
      expect(text).not.toContain(newSecret.slice(12));
    }
    expect(logLines.length).toBeGreaterThan(0);
  });

  it('answers 401 with a helpful message for missing, foreign and unknown keys', async () => {
    const missing = await call('POST', '/v1/chat/completions', { body: { model: 'economy' } });
    expect(String((missing.json.error as Json).message)).toContain('Authorization: Bearer tg_');
    const foreign = await call('POST', '/v1/chat/completions', { token: 'sk-proj-123', body: { model: 'economy' } });
    expect(String((foreign.json.error as Json).message)).toContain('provider keys belong in tollgate.yaml');
    const unknown = await call('POST', '/v1/chat/completions', { token: `tg_AAAAAAAA_${'A'.repeat(43)}`, body: { model: 'economy' } });
    expect(unknown.status).toBe(401);
    expect(String((unknown.json.error as Json).message)).toContain('unknown API key tg_AAAAAAAA');
  });
});
