/**
 * Virtual keys, budgets, cost caps and rate limits through the gateway: key lifecycle, a burst
 * that cannot overspend a budget (one instance, and two sharing Redis and Postgres), scopes,
 * downgrades, signed alert webhooks, unpriced models, and keys kept out of the ledger.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/budgets/index.js';
import { startGateway, type RunningGateway } from '../src/server/start-gateway.js';
import { startSimulator, type RunningSimulator } from '../src/sim/index.js';
import { sumCost } from '../src/store/ledger-queries.js';
import { createPostgresTestSchema } from '../src/store/test-fixtures/postgres-test-schema.js';
import { makeTempDir } from './helpers/temp-dir.js';

const ADMIN = 'admin-secret-for-tests';
const REDIS_URL = process.env.TOLLGATE_TEST_REDIS_URL ?? '';
const POSTGRES_URL = process.env.TOLLGATE_TEST_POSTGRES_URL ?? '';
if (!REDIS_URL || !POSTGRES_URL) console.warn('keys-and-budgets: the two-instance race is skipped; set TOLLGATE_TEST_REDIS_URL and TOLLGATE_TEST_POSTGRES_URL to run it');

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
  // Every answer runs to its max_tokens, so a request costs its reserved worst case.
  sim.setModelBehaviour('gpt-4o-mini', { outputTokens: 100_000 });
});

afterAll(async () => {
  await sim.close();
});

function baseConfig(dir: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    server: { port: 0, adminKey: ADMIN },
    auth: { mode: 'keys' },
    storage: { url: `sqlite://${dir}/ledger.db` },
    ledger: { journalDir: `${dir}/journal`, flushIntervalMs: 20 },
    providers: { openai: { type: 'openai', apiKey: 'sk-sim', baseUrl: `${sim.url}/v1` } },
    routes: {
      smart: { targets: ['openai/gpt-4o'] },
      economy: { targets: ['openai/gpt-4o-mini'] },
    },
    ...extra,
  };
}

async function createKey(gateway: RunningGateway, body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const response = await fetch(`${gateway.url}/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; key: string };
}

function chat(gateway: RunningGateway, secret: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hello there' }], ...body }),
  });
}

describe('virtual keys', () => {
  let gateway: RunningGateway;
  const temp = makeTempDir();
  beforeAll(async () => {
    gateway = await startGateway({ env: {}, logLevel: 'warn', config: baseConfig(temp.path) });
  });
  afterAll(async () => {
    await gateway.close();
    temp.cleanup();
  });

  it('401 without a key or with an unknown one', async () => {
    const none = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    const unknown = await chat(gateway, 'tg_AAAAAAAA_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', { model: 'smart' });
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
  });

  it('create, use with the official client, 403 on a forbidden route, revoke → 401; the secret never reaches the ledger', async () => {
    const issued = await createKey(gateway, { user: 'ana', team: 'growth', routes: ['economy'] });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: issued.key, maxRetries: 0 });
    const { response } = await client.chat.completions.create({ model: 'economy', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.status).toBe(200);
    const forbidden = await chat(gateway, issued.key, { model: 'smart' });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { message: string } }).error.message).toMatch(/economy/);
    await gateway.context.ledger.flush();
    const rows = await gateway.store.db.selectFrom('requests').select(['key_id', 'user_id', 'team']).execute();
    expect(rows.some((row) => row.key_id === issued.id && row.user_id === 'ana' && row.team === 'growth')).toBe(true);
    expect(JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))).not.toContain(issued.key.slice(12));
    const revoke = await fetch(`${gateway.url}/admin/keys/${issued.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(revoke.status).toBe(200);
    expect((await chat(gateway, issued.key, { model: 'economy', max_tokens: 5 })).status).toBe(401);
  });

  it('admin endpoints need the admin key', async () => {
    expect((await fetch(`${gateway.url}/admin/keys`)).status).toBe(401);
    expect((await fetch(`${gateway.url}/admin/keys`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });
});

describe('a burst cannot overspend a budget', () => {
  // gpt-4o-mini: a request of max_tokens 1000 that the answer reaches costs about $0.0006; the budget has room for ten.
  const budgetFor = (limitUsd: string): Record<string, unknown> => ({ budgets: [{ name: 'team-cap', scope: { team: 'race' }, limitUsd, period: 'day' }] });

  async function burst(gateways: RunningGateway[], secret: string, count: number): Promise<number[]> {
    return Promise.all(
      Array.from({ length: count }, (_unused, index) =>
        chat(gateways[index % gateways.length] as RunningGateway, secret, { model: 'economy', max_tokens: 1000 }).then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        }),
      ),
    );
  }

  it('on one instance: 200 concurrent requests against room for ten end at or under the limit', async () => {
    const temp = makeTempDir();
    const gateway = await startGateway({ env: {}, logLevel: 'warn', config: baseConfig(temp.path, budgetFor('0.0065')) });
    try {
      const issued = await createKey(gateway, { team: 'race' });
      const statuses = await burst([gateway], issued.key, 200);
      const admitted = statuses.filter((status) => status === 200).length;
      expect(admitted).toBeGreaterThanOrEqual(5);
      expect(admitted).toBeLessThanOrEqual(10);
      expect(statuses.filter((status) => status !== 200).every((status) => status === 402)).toBe(true);
      await gateway.context.ledger.flush();
      const spent = await sumCost(gateway.store, { fromMs: 0, toMs: Date.now() + 60_000 });
      expect(spent).toBeLessThanOrEqual(6_500_000_000n);
      expect(spent).toBeGreaterThan(0n);
    } finally {
      await gateway.close();
      temp.cleanup();
    }
  });

  it.skipIf(!REDIS_URL || !POSTGRES_URL)('on two instances sharing Redis and Postgres: the same holds across both', async () => {
    const schema = createPostgresTestSchema('race');
    const temps = [makeTempDir(), makeTempDir()];
    const prefix = `tollgate-test-${process.pid}-${Date.now()}:`;
    const configFor = (dir: string): Record<string, unknown> => ({
      ...baseConfig(dir, budgetFor('0.0065')),
      storage: { url: schema.url },
      redis: { url: REDIS_URL, keyPrefix: prefix },
    });
    const first = await startGateway({ env: {}, logLevel: 'warn', config: configFor(temps[0]?.path ?? '') });
    const second = await startGateway({ env: {}, logLevel: 'warn', config: configFor(temps[1]?.path ?? '') });
    try {
      const issued = await createKey(first, { team: 'race' });
      const statuses = await burst([first, second], issued.key, 200);
      const admitted = statuses.filter((status) => status === 200).length;
      expect(admitted).toBeGreaterThanOrEqual(5);
      expect(admitted).toBeLessThanOrEqual(10);
      await first.context.ledger.flush();
      await second.context.ledger.flush();
      const spent = await sumCost(first.store, { fromMs: 0, toMs: Date.now() + 60_000 });
      expect(spent).toBeLessThanOrEqual(6_500_000_000n);
    } finally {
      await first.close();
      await second.close();
      await schema.drop();
      for (const temp of temps) temp.cleanup();
    }
  });
});

describe('budget actions, caps and limits', () => {
  let gateway: RunningGateway;
  let secret: string;
  const temp = makeTempDir();
  const hooks: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      hooks.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  const webhookSecret = `whsec_${Buffer.from('a-webhook-secret-of-some-length').toString('base64')}`;

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    gateway = await startGateway({
      env: {},
      logLevel: 'warn',
      config: baseConfig(temp.path, {
        budgets: [
          { name: 'per-user', scope: { user: '*' }, limitUsd: '0.002', period: 'day' },
          { name: 'premium-guard', scope: { feature: 'chat' }, limitUsd: '0.0000001', period: 'day', action: 'downgrade', to: 'economy' },
          { name: 'watch', scope: { feature: 'watched' }, limitUsd: '0.001', period: 'day', action: 'alert', alert: { webhook: hookUrl, secret: webhookSecret, thresholds: [0.5, 1] } },
          { name: 'priced-only', scope: { feature: 'strict' }, limitUsd: '1', period: 'day' },
        ],
        features: { capped: { maxCostPerRequest: '0.0001' } },
        pricing: {},
        teams: { slow: { rpm: 2 } },
        routes: {
          smart: { targets: ['openai/gpt-4o'] },
          economy: { targets: ['openai/gpt-4o-mini'] },
          adaptive: { strategy: 'conditional', rules: [{ when: { spendLast24hUsd: { gt: '0.0001' } }, use: 'economy' }], default: 'smart' },
        },
      }),
    });
    secret = (await createKey(gateway, {})).key;
    sim.setModelBehaviour('tg-unpriced-model', {});
  });

  afterAll(async () => {
    await gateway.close();
    receiver.close();
    temp.cleanup();
  });

  it('a user budget applies to each user separately and names limit, spent and reset time', async () => {
    for (let index = 0; index < 5; index += 1) await chat(gateway, secret, { model: 'economy', max_tokens: 1000 }, { 'x-tollgate-user': 'u1' });
    const refused = await chat(gateway, secret, { model: 'economy', max_tokens: 1000 }, { 'x-tollgate-user': 'u1' });
    expect(refused.status).toBe(402);
    const error = ((await refused.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('budget_exceeded');
    expect(error.message).toMatch(/per-user.*limit \$0\.002.*spent \$0\.00\d+.*resets at \d{4}-/);
    expect(refused.headers.get('x-tollgate-budget-reset')).toMatch(/T00:00:00\.000Z$/);
    const otherUser = await chat(gateway, secret, { model: 'economy', max_tokens: 1000 }, { 'x-tollgate-user': 'u2' });
    expect(otherUser.status).toBe(200);
  });

  it('a downgrade budget serves from the cheaper route and says so', async () => {
    const response = await chat(gateway, secret, { model: 'smart', max_tokens: 50 }, { 'x-tollgate-feature': 'chat', 'x-tollgate-user': 'u3' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-tollgate-downgraded-from')).toBe('smart');
    expect(response.headers.get('x-tollgate-route')).toBe('economy');
  });

  it('an alert budget allows the request and POSTs a signed webhook once per threshold', async () => {
    for (let index = 0; index < 3; index += 1) {
      expect((await chat(gateway, secret, { model: 'economy', max_tokens: 1000 }, { 'x-tollgate-feature': 'watched', 'x-tollgate-user': `w${index}` })).status).toBe(200);
    }
    await expect.poll(() => hooks.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    for (const hook of hooks) {
      const id = String(hook.headers['webhook-id']);
      const timestamp = Number(hook.headers['webhook-timestamp']);
      expect(verifyWebhookSignature(webhookSecret, id, timestamp, hook.body, String(hook.headers['webhook-signature']))).toBe(true);
      expect(verifyWebhookSignature(webhookSecret, id, timestamp, `${hook.body} `, String(hook.headers['webhook-signature']))).toBe(false);
    }
    const thresholds = hooks.map((hook) => JSON.stringify(hook.body)).join(' ');
    expect(thresholds).toMatch(/0\.5/);
  });

  it('a per-request cost cap refuses a request whose worst case is over it, before any provider call', async () => {
    const before = sim.stats().requests;
    const refused = await chat(gateway, secret, { model: 'smart', max_tokens: 4000 }, { 'x-tollgate-feature': 'capped', 'x-tollgate-user': 'u4' });
    expect(refused.status).toBe(402);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('cost_cap_exceeded');
    expect(sim.stats().requests).toBe(before);
  });

  it('a model without a price under a budget is refused with the fix', async () => {
    const refused = await chat(gateway, secret, { model: 'openai/tg-unpriced-model', max_tokens: 10 }, { 'x-tollgate-feature': 'strict', 'x-tollgate-user': 'u5' });
    expect(refused.status).toBe(400);
    const error = ((await refused.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('unpriced_model');
    expect(error.message).toMatch(/pricing\.overrides/);
  });

  it('spend-aware routing: a user whose trailing 24 h spend passes the threshold is served from economy', async () => {
    const first = await chat(gateway, secret, { model: 'adaptive', max_tokens: 100 }, { 'x-tollgate-user': 'spender' });
    expect(first.headers.get('x-tollgate-route')).toBe('smart');
    await first.arrayBuffer();
    // gpt-4o answers at least 24 tokens at $10 per million: over the $0.0001 threshold.
    const second = await chat(gateway, secret, { model: 'adaptive', max_tokens: 100 }, { 'x-tollgate-user': 'spender' });
    expect(second.headers.get('x-tollgate-route')).toBe('economy');
    const newcomer = await chat(gateway, secret, { model: 'adaptive', max_tokens: 100 }, { 'x-tollgate-user': 'newcomer' });
    expect(newcomer.headers.get('x-tollgate-route')).toBe('smart');
  });

  it('team rate limits answer 429 with Retry-After', async () => {
    const statuses: number[] = [];
    const retryAfter: Array<string | null> = [];
    for (let index = 0; index < 3; index += 1) {
      const response = await chat(gateway, secret, { model: 'economy', max_tokens: 5 }, { 'x-tollgate-team': 'slow', 'x-tollgate-user': `r${index}` });
      statuses.push(response.status);
      retryAfter.push(response.headers.get('retry-after'));
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(retryAfter[2])).toBeGreaterThan(0);
  });
});
