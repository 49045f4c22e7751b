import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseUsd } from '../core/money.js';
import { MemoryAlertDedupe, RedisAlertDedupe } from './alert-dedupe.js';
import { budget } from './budget-engine.contract.js';
import { AlertNotifier } from './budget-alerts.js';
import type { AlertLogger } from './budget-alerts.js';
import { MemoryBudgetEngine } from './memory-budget-engine.js';
import { connectTestRedis, deleteRedisPrefix, REDIS_TEST_URL, uniqueRedisPrefix, warnWhenRedisIsSkipped } from './test-fixtures/redis-test.js';
import { verifyWebhookSignature } from './webhook-signature.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

const SECRET = `whsec_${Buffer.from('a test secret of thirty-two bytes').toString('base64')}`;

class WebhookReceiver {
  readonly received: Received[] = [];
  /** Statuses to answer, in order; 200 once they run out. */
  statuses: number[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.statusCode = this.statuses.shift() ?? 200;
        response.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/budget?token=s3cret`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

function collectingLogger(): AlertLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (details, message) => lines.push(`warn ${message} ${JSON.stringify(details)}`), error: (details, message) => lines.push(`error ${message} ${JSON.stringify(details)}`) };
}

describe('AlertNotifier', () => {
  const receiver = new WebhookReceiver();
  let url: string;
  const notifiers: AlertNotifier[] = [];

  beforeAll(async () => {
    url = await receiver.start();
  });
  afterEach(async () => {
    await Promise.all(notifiers.splice(0).map((notifier) => notifier.close()));
    receiver.received.length = 0;
    receiver.statuses = [];
  });
  afterAll(() => receiver.stop());

  async function crossHalfOfBudget(notifier: AlertNotifier, options: { secret?: string } = {}): Promise<void> {
    const engine = new MemoryBudgetEngine({
      budgets: [budget('team-monthly', { scope: { kind: 'team', value: 'growth' }, limitPico: parseUsd('10'), periodText: 'month', action: 'alert', alert: { webhook: url, thresholds: [0.5, 0.8], ...options } })],
      timeZone: 'Europe/Berlin',
      onAlerts: (events) => notifier.notify(events),
    });
    const now = Date.parse('2026-06-15T12:00:00Z');
    const result = await engine.reserve({ requestId: 'r1', attribution: { team: 'growth', tags: [] }, amountPico: parseUsd('6'), now });
    if (result.status !== 'ok') throw new Error('expected room');
    await result.reservation.settle(parseUsd('6'), now);
  }

  it('posts a threshold crossing as a Standard Webhook whose signature verifies', async () => {
    const notifier = new AlertNotifier({ initialBackoffMs: 5 });
    notifiers.push(notifier);
    await crossHalfOfBudget(notifier, { secret: SECRET });
    await notifier.flush();
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    if (!delivery) return;
    const id = String(delivery.headers['webhook-id']);
    const timestamp = Number(delivery.headers['webhook-timestamp']);
    const signature = String(delivery.headers['webhook-signature']);
    expect(id).toMatch(/^msg_/);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
    // Recomputed here from the spec, not with the sender's helper.
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${delivery.body}`).digest('base64');
    expect(signature).toBe(`v1,${expected}`);
    expect(verifyWebhookSignature(SECRET, id, timestamp, delivery.body, signature)).toBe(true);
    expect(verifyWebhookSignature(SECRET, id, timestamp, `${delivery.body} `, signature)).toBe(false);
    expect(JSON.parse(delivery.body)).toEqual({
      type: 'budget.threshold_crossed',
      timestamp: '2026-06-15T12:00:00.000Z',
      data: {
        budget: 'team-monthly',
        scope: { kind: 'team', value: 'growth' },
        period: 'month',
        limit_usd: '10',
        spent_usd: '6',
        threshold: 0.5,
        window_start: '2026-05-31T22:00:00.000Z',
        window_end: '2026-06-30T22:00:00.000Z',
      },
    });
  });

  it('sends a crossing once per window even when it is reported again', async () => {
    const notifier = new AlertNotifier();
    notifiers.push(notifier);
    await crossHalfOfBudget(notifier);
    await crossHalfOfBudget(notifier);
    await notifier.flush();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.headers['webhook-signature']).toBeUndefined();
  });

  it('retries a failing receiver with backoff, keeping the message id', async () => {
    receiver.statuses = [500, 503];
    const logger = collectingLogger();
    const notifier = new AlertNotifier({ initialBackoffMs: 5, logger });
    notifiers.push(notifier);
    await crossHalfOfBudget(notifier, { secret: SECRET });
    await notifier.flush();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((delivery) => delivery.headers['webhook-id'])).size).toBe(1);
    expect(logger.lines.filter((line) => line.includes('answered an error'))).toHaveLength(2);
    expect(logger.lines.join('\n')).not.toContain('s3cret');
  });

  it('gives up on a 4xx and never throws when the receiver is unreachable', async () => {
    receiver.statuses = [400];
    const logger = collectingLogger();
    const notifier = new AlertNotifier({ initialBackoffMs: 1, maxAttempts: 3, logger });
    notifiers.push(notifier);
    await crossHalfOfBudget(notifier);
    await notifier.flush();
    expect(receiver.received).toHaveLength(1);
    expect(logger.lines.some((line) => line.startsWith('error budget alert not delivered'))).toBe(true);

    const unreachable = new AlertNotifier({ initialBackoffMs: 1, maxAttempts: 2, logger, dedupe: new MemoryAlertDedupe() });
    notifiers.push(unreachable);
    expect(() =>
      unreachable.notify([{ type: 'budget.exceeded', dedupeKey: 'x', dedupeTtlMs: 1000, webhook: 'http://127.0.0.1:9/closed', occurredAtMs: 0, data: { budget: 'b', scope: { kind: 'global', value: null }, period: 'day', limit_usd: '1', spent_usd: '1' } }]),
    ).not.toThrow();
    await unreachable.flush();
    expect(logger.lines.filter((line) => line.includes('unreachable'))).toHaveLength(2);
  });
});

warnWhenRedisIsSkipped('RedisAlertDedupe');

describe.skipIf(!REDIS_TEST_URL)('RedisAlertDedupe', () => {
  it('lets exactly one of several instances claim a crossing, until its window is over', async () => {
    const prefix = uniqueRedisPrefix('alerts');
    const connections = [connectTestRedis(), connectTestRedis()];
    try {
      const dedupes = connections.map((connection) => new RedisAlertDedupe(connection, prefix));
      const claims = await Promise.all(Array.from({ length: 20 }, (_, index) => dedupes[index % 2]?.claim('budget|global|day:2026-06-15|threshold:0.5', 200)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await dedupes[0]?.claim('budget|global|day:2026-06-15|threshold:0.5', 200)).toBe(true);
    } finally {
      await deleteRedisPrefix(connections[0] ?? connectTestRedis(), prefix);
      await Promise.all(connections.map((connection) => connection.quit()));
    }
  });
});
