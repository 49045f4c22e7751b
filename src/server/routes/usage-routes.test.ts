/** Who may read usage: the admin key (constant-time compared), or with none configured, this machine only. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/store.js';
import { sampleLedgerRecord } from '../../store/test-fixtures/sample-ledger-record.js';
import { replyError } from '../reply-error.js';
import { registerFeedbackRoute } from './feedback-route.js';
import { registerUsageRoutes } from './usage-routes.js';

let store: Store;
let directory: string;
const NOW = Date.parse('2025-03-02T00:00:00Z');

async function appWith(adminKey: string | undefined): Promise<FastifyInstance> {
  const app = Fastify();
  app.setErrorHandler((error, request, reply) => replyError(request, reply, error));
  registerUsageRoutes(app, () => ({ store, adminKey, now: () => NOW }));
  registerFeedbackRoute(app, () => ({ store, adminKey, now: () => NOW }));
  await app.ready();
  return app;
}

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'tollgate-usage-routes-'));
  store = await openStore(`sqlite://${path.join(directory, 'routes.db')}`);
  await store.insertLedgerRecords([sampleLedgerRecord('routes-1')]);
});

afterAll(async () => {
  await store.close();
  await rm(directory, { recursive: true, force: true });
});

describe('usage routes access', () => {
  it('with an admin key: the right bearer token gets the report, a wrong or missing one a 401', async () => {
    const app = await appWith('s3cret');
    const ok = await app.inject({ url: '/v1/usage', headers: { authorization: 'Bearer s3cret' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ object: 'usage', total: { requests: 1, cost_usd: '0.00102' } });
    const wrong = await app.inject({ url: '/v1/usage', headers: { authorization: 'Bearer s3cret-but-longer' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: 'invalid_api_key', message: 'wrong admin key: send the value of server.adminKey' } });
    const missing = await app.inject({ url: '/v1/usage/tasks' });
    expect(missing.json()).toMatchObject({ error: { message: expect.stringMatching(/Authorization: Bearer <server.adminKey>/) } });
    await app.close();
  });

  it('without an admin key: loopback clients only, and the 401 says why', async () => {
    const app = await appWith(undefined);
    const local = await app.inject({ url: '/v1/usage/output-tokens', remoteAddress: '127.0.0.1' });
    expect(local.statusCode).toBe(200);
    expect(local.json()).toMatchObject({ object: 'usage.output_tokens', rows: [{ model: 'gpt-4o-mini', feature: 'summarize', requests: 1, max: 200 }] });
    expect((await app.inject({ url: '/v1/usage', remoteAddress: '::1' })).statusCode).toBe(200);
    const remote = await app.inject({ url: '/v1/usage?group_by=user', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(401);
    expect(remote.json()).toMatchObject({ error: { message: expect.stringMatching(/no server.adminKey is configured, so \/v1\/usage answers clients on this machine only/) } });
    const feedback = await app.inject({ method: 'POST', url: '/v1/feedback', remoteAddress: '192.168.0.9', payload: { task_id: 't', success: true } });
    expect(feedback.statusCode).toBe(401);
    await app.close();
  });
});
