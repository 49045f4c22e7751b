/**
 * The contract every budget engine passes (memory and Redis run the same suite): atomic reservations under a
 * burst, each scope, each period's rollover on a fake clock, each action, idempotent settles, seeding.
 */
import { expect, it } from 'vitest';
import { parseUsd } from '../core/money.js';
import type { BudgetAlertEvent } from './budget-alert-events.js';
import type { BudgetEngine, BudgetEngineOptions, ReserveRequest } from './budget-engine.js';
import { budgetExceededError } from './budget-errors.js';
import { parseBudgetPeriod } from './budget-period.js';
import type { BudgetDefinition } from './budget-scope.js';
import { keyBudgetDefinition } from './budget-scope.js';
import type { BudgetSeedSource } from './budget-seed-source.js';

export type EngineFactory = (options: BudgetEngineOptions) => Promise<BudgetEngine>;

const CENT = parseUsd('0.01');
let sequence = 0;

export function budget(name: string, overrides: Partial<BudgetDefinition> & { periodText?: string } = {}): BudgetDefinition {
  const { periodText, ...rest } = overrides;
  return { name, scope: { kind: 'global' }, limitPico: parseUsd('1'), period: parseBudgetPeriod(periodText ?? 'day'), action: 'reject', ...rest };
}

function request(amountPico: bigint | null, now: number, extra: Partial<ReserveRequest> = {}): ReserveRequest {
  sequence += 1;
  return { requestId: `request-${process.pid}-${sequence}-${Math.random().toString(36).slice(2)}`, attribution: { tags: [] }, amountPico, now, ...extra };
}

async function spendUpTo(engine: BudgetEngine, amountPico: bigint, now: number, extra: Partial<ReserveRequest> = {}): Promise<void> {
  const result = await engine.reserve(request(amountPico, now, extra));
  if (result.status !== 'ok') throw new Error(`expected room for ${amountPico}, got ${result.status}`);
  await result.reservation.settle(amountPico, now);
}

export function budgetEngineContract(makeEngine: EngineFactory, options: { seedSource?: () => BudgetSeedSource } = {}): void {
  const noon = Date.parse('2026-06-15T12:00:00Z');

  it('admits no more than the budget holds under a burst of 200 concurrent reservations (worst case reached every time)', async () => {
    const worstCase = parseUsd('0.0375');
    const engine = await makeEngine({ budgets: [budget('burst', { limitPico: worstCase * 10n })], timeZone: 'UTC' });
    const results = await Promise.all(Array.from({ length: 200 }, () => engine.reserve(request(worstCase, noon))));
    const admitted = results.flatMap((result) => (result.status === 'ok' ? [result.reservation] : []));
    expect(admitted).toHaveLength(10);
    await Promise.all(admitted.map((reservation) => reservation.settle(worstCase, noon)));
    const after = await engine.reserve(request(1n, noon));
    expect(after.status).toBe('exceeded');
    if (after.status === 'exceeded') expect(after.exceeded.spentPico).toBe(worstCase * 10n);
    await engine.close();
  });

  it('applies a named scope only to its value and "*" to each value separately', async () => {
    const engine = await makeEngine({
      budgets: [
        budget('u1-only', { scope: { kind: 'user', value: 'u1' }, limitPico: 2n * CENT }),
        budget('each-user', { scope: { kind: 'user', value: '*' }, limitPico: 3n * CENT }),
        budget('each-tag', { scope: { kind: 'tag', value: '*' }, limitPico: 5n * CENT }),
        budget('team-a', { scope: { kind: 'team', value: 'a' }, limitPico: 100n * CENT }),
        budget('feature-x', { scope: { kind: 'feature', value: 'x' }, limitPico: 100n * CENT }),
      ],
      timeZone: 'UTC',
    });
    const u1 = { user: 'u1', tags: [] };
    await spendUpTo(engine, 2n * CENT, noon, { attribution: u1 });
    const refused = await engine.reserve(request(CENT, noon, { attribution: u1 }));
    expect(refused.status === 'exceeded' && refused.exceeded.budget).toBe('u1-only');
    // u2 has a counter of its own under "each-user" and is not under "u1-only".
    await spendUpTo(engine, 3n * CENT, noon, { attribution: { user: 'u2', tags: [] } });
    const u2Refused = await engine.reserve(request(CENT, noon, { attribution: { user: 'u2', tags: [] } }));
    expect(u2Refused.status === 'exceeded' && u2Refused.exceeded).toMatchObject({ budget: 'each-user', scopeKind: 'user', scopeValue: 'u2' });
    expect((await engine.reserve(request(3n * CENT, noon, { attribution: { user: 'u3', tags: [] } }))).status).toBe('ok');
    // A request with two tags is charged to each tag's counter.
    await spendUpTo(engine, 4n * CENT, noon, { attribution: { tags: ['red', 'blue'] } });
    const blue = await engine.reserve(request(2n * CENT, noon, { attribution: { tags: ['blue'] } }));
    expect(blue.status === 'exceeded' && blue.exceeded.scopeValue).toBe('blue');
    expect((await engine.reserve(request(2n * CENT, noon, { attribution: { tags: ['green'] } }))).status).toBe('ok');
    await engine.close();
  });

  it('holds team, feature, key, global and the key\'s own budget', async () => {
    const engine = await makeEngine({
      budgets: [
        budget('team-a', { scope: { kind: 'team', value: 'a' }, limitPico: 2n * CENT }),
        budget('feature-x', { scope: { kind: 'feature', value: 'x' }, limitPico: 3n * CENT }),
        budget('key-k1', { scope: { kind: 'key', value: 'k1' }, limitPico: 4n * CENT }),
        budget('everything', { limitPico: 10n * CENT }),
      ],
      timeZone: 'UTC',
    });
    const expectRefusedBy = async (name: string, extra: Partial<ReserveRequest>, amount: bigint): Promise<void> => {
      const result = await engine.reserve(request(amount, noon, extra));
      expect(result.status === 'exceeded' && result.exceeded.budget).toBe(name);
    };
    await expectRefusedBy('team-a', { attribution: { team: 'a', tags: [] } }, 3n * CENT);
    await expectRefusedBy('feature-x', { attribution: { feature: 'x', tags: [] } }, 4n * CENT);
    await expectRefusedBy('key-k1', { attribution: { keyId: 'k1', tags: [] } }, 5n * CENT);
    const ownBudget = keyBudgetDefinition({ keyId: 'k2', limitPico: CENT, period: 'month' });
    await expectRefusedBy('key:k2', { attribution: { keyId: 'k2', tags: [] }, keyBudget: ownBudget }, 2n * CENT);
    await expectRefusedBy('everything', { attribution: { tags: [] } }, 11n * CENT);
    expect((await engine.reserve(request(9n * CENT, noon))).status).toBe('ok');
    await engine.close();
  });

  it('starts a new day at local midnight in the budget time zone (Europe/Berlin, on the day clocks go forward)', async () => {
    const engine = await makeEngine({ budgets: [budget('daily', { limitPico: CENT })], timeZone: 'Europe/Berlin' });
    // 2026-03-29 is 23 hours long in Berlin: it ends at 22:00 UTC.
    await spendUpTo(engine, CENT, Date.parse('2026-03-29T00:30:00Z'));
    const late = await engine.reserve(request(1n, Date.parse('2026-03-29T21:59:59Z')));
    expect(late.status).toBe('exceeded');
    if (late.status === 'exceeded') {
      expect(late.exceeded.resetAt?.toISOString()).toBe('2026-03-29T22:00:00.000Z');
      expect(budgetExceededError(late.exceeded).message).toContain('It resets at 2026-03-29T22:00:00.000Z');
    }
    expect((await engine.reserve(request(1n, Date.parse('2026-03-29T22:00:00Z')))).status).toBe('ok');
    await engine.close();
  });

  it('starts a new week on Monday and a new month on the 1st, in America/New_York', async () => {
    const engine = await makeEngine({
      budgets: [budget('weekly', { limitPico: CENT, periodText: 'week' }), budget('monthly', { limitPico: 2n * CENT, periodText: 'month' })],
      timeZone: 'America/New_York',
    });
    // Sunday 2026-05-31 23:00 in New York is 2026-06-01T03:00Z: still May there, and still the week of May 25.
    const sundayNight = Date.parse('2026-06-01T03:00:00Z');
    await spendUpTo(engine, CENT, sundayNight);
    const sameWeek = await engine.reserve(request(1n, Date.parse('2026-06-01T03:59:59Z')));
    expect(sameWeek.status === 'exceeded' && sameWeek.exceeded.budget).toBe('weekly');
    // Monday 00:00 New York (04:00Z): a new week and a new month.
    await spendUpTo(engine, CENT, Date.parse('2026-06-01T04:00:00Z'));
    await spendUpTo(engine, CENT, Date.parse('2026-06-08T04:00:00Z'));
    const june = await engine.reserve(request(1n, Date.parse('2026-06-15T04:00:00Z')));
    expect(june.status === 'exceeded' && june.exceeded).toMatchObject({ budget: 'monthly', resetAt: new Date('2026-07-01T04:00:00Z') });
    expect((await engine.reserve(request(CENT, Date.parse('2026-07-01T04:00:00Z')))).status).toBe('ok');
    await engine.close();
  });

  it('lets spend leave a rolling 24h window once it is a day old (to the bucket)', async () => {
    const engine = await makeEngine({ budgets: [budget('rolling', { limitPico: 2n * CENT, periodText: '24h' })], timeZone: 'UTC' });
    const start = Date.parse('2026-06-15T10:02:00Z');
    await spendUpTo(engine, CENT, start);
    await spendUpTo(engine, CENT, start + 6 * 3_600_000);
    const full = await engine.reserve(request(1n, start + 23 * 3_600_000));
    expect(full.status).toBe('exceeded');
    // Five-minute buckets: the 10:02 spend is in the 10:00-10:05 bucket, which leaves the window at 10:05 next day.
    if (full.status === 'exceeded') expect(full.exceeded.resetAt?.toISOString()).toBe('2026-06-16T10:05:00.000Z');
    expect((await engine.reserve(request(1n, Date.parse('2026-06-16T10:04:59Z')))).status).toBe('exceeded');
    expect((await engine.reserve(request(CENT, Date.parse('2026-06-16T10:05:00Z')))).status).toBe('ok');
    await engine.close();
  });

  it('never resets a lifetime budget', async () => {
    const engine = await makeEngine({ budgets: [budget('forever', { limitPico: CENT, periodText: 'lifetime' })], timeZone: 'UTC' });
    await spendUpTo(engine, CENT, noon);
    const years = await engine.reserve(request(1n, noon + 5 * 365 * 86_400_000));
    expect(years.status === 'exceeded' && years.exceeded.resetAt).toBeNull();
    await engine.close();
  });

  it('downgrade: refuses with the route to serve from, then admits the downgraded retry while reject budgets still hold', async () => {
    const engine = await makeEngine({
      budgets: [budget('soft', { limitPico: CENT, action: 'downgrade', downgradeTo: 'economy' }), budget('hard', { limitPico: 3n * CENT })],
      timeZone: 'UTC',
    });
    await spendUpTo(engine, CENT, noon);
    const first = await engine.reserve(request(CENT, noon));
    expect(first.status === 'exceeded' && first.exceeded).toMatchObject({ budget: 'soft', action: 'downgrade', downgradeTo: 'economy' });
    await spendUpTo(engine, CENT, noon, { isDowngraded: true });
    const hard = await engine.reserve(request(2n * CENT, noon, { isDowngraded: true }));
    expect(hard.status === 'exceeded' && hard.exceeded).toMatchObject({ budget: 'hard', action: 'reject' });
    await engine.close();
  });

  it('alert: allows the request, reports the overrun once, and reports each threshold as settled spend crosses it', async () => {
    const received: BudgetAlertEvent[] = [];
    const alertSettings = { webhook: 'http://127.0.0.1:9/hook', thresholds: [0.5, 1] };
    const engine = await makeEngine({ budgets: [budget('watch', { limitPico: 4n * CENT, action: 'alert', alert: alertSettings })], timeZone: 'UTC', onAlerts: (events) => received.push(...events) });
    const first = await engine.reserve(request(3n * CENT, noon));
    expect(first.status).toBe('ok');
    if (first.status !== 'ok') return;
    const settled = await first.reservation.settle(3n * CENT, noon);
    expect(settled.alerts.map((event) => [event.type, event.data.threshold])).toEqual([['budget.threshold_crossed', 0.5]]);
    const over = await engine.reserve(request(2n * CENT, noon));
    expect(over.status).toBe('ok');
    if (over.status !== 'ok') return;
    expect(over.alerts.map((event) => [event.type, event.data.outcome])).toEqual([['budget.exceeded', 'allowed']]);
    const overSettled = await over.reservation.settle(2n * CENT, noon);
    expect(overSettled.alerts.map((event) => event.data.threshold)).toEqual([1]);
    expect(received.map((event) => event.dedupeKey)).toEqual([...settled.alerts, ...over.alerts, ...overSettled.alerts].map((event) => event.dedupeKey));
    expect(overSettled.alerts[0]?.data).toMatchObject({ budget: 'watch', limit_usd: '0.04', spent_usd: '0.05' });
    await engine.close();
  });

  it('settles once per request id: a retried settle charges nothing, a repeated reserve holds once', async () => {
    const engine = await makeEngine({ budgets: [budget('once', { limitPico: 3n * CENT })], timeZone: 'UTC' });
    const shared = request(2n * CENT, noon);
    const first = await engine.reserve(shared);
    const repeated = await engine.reserve(shared);
    expect([first.status, repeated.status]).toEqual(['ok', 'ok']);
    if (first.status !== 'ok' || repeated.status !== 'ok') return;
    expect((await first.reservation.settle(CENT, noon)).charged).toBe(true);
    expect((await first.reservation.settle(CENT, noon)).charged).toBe(false);
    expect((await repeated.reservation.settle(CENT, noon)).charged).toBe(false);
    const check = await engine.reserve(request(3n * CENT, noon));
    expect(check.status === 'exceeded' && [check.exceeded.spentPico, check.exceeded.reservedPico]).toEqual([CENT, 0n]);
    await engine.close();
  });

  it('release frees the reservation; an unknown actual cost charges the reservation', async () => {
    const engine = await makeEngine({ budgets: [budget('held', { limitPico: 2n * CENT })], timeZone: 'UTC' });
    const held = await engine.reserve(request(2n * CENT, noon));
    expect((await engine.reserve(request(1n, noon))).status).toBe('exceeded');
    if (held.status === 'ok') await held.reservation.release(noon);
    const unknown = await engine.reserve(request(CENT, noon));
    if (unknown.status === 'ok') await unknown.reservation.settle(null, noon);
    const check = await engine.reserve(request(2n * CENT, noon));
    expect(check.status === 'exceeded' && check.exceeded.spentPico).toBe(CENT);
    await engine.close();
  });

  it('refuses a model without a price unless the budget states a reservation for it', async () => {
    const engine = await makeEngine({
      budgets: [budget('strict', { scope: { kind: 'user', value: 'strict-user' } }), budget('lenient', { scope: { kind: 'user', value: 'lenient-user' }, limitPico: CENT, unpricedReservationPico: CENT })],
      timeZone: 'UTC',
    });
    expect(await engine.reserve(request(null, noon, { attribution: { user: 'strict-user', tags: [] } }))).toEqual({ status: 'unpriced', budgets: ['strict'] });
    const lenient = await engine.reserve(request(null, noon, { attribution: { user: 'lenient-user', tags: [] } }));
    expect(lenient.status).toBe('ok');
    expect((await engine.reserve(request(null, noon, { attribution: { user: 'lenient-user', tags: [] } }))).status).toBe('exceeded');
    expect((await engine.reserve(request(null, noon, { attribution: { user: 'nobody', tags: [] } }))).status).toBe('ok');
    await engine.close();
  });

  it('releases a reservation its process never settled once it is older than the reservation TTL', async () => {
    const engine = await makeEngine({ budgets: [budget('leak', { limitPico: CENT })], timeZone: 'UTC', reservationTtlMs: 60_000 });
    const forgotten = await engine.reserve(request(CENT, noon));
    expect(forgotten.status).toBe('ok');
    expect((await engine.reserve(request(CENT, noon + 59_000))).status).toBe('exceeded');
    expect((await engine.reserve(request(CENT, noon + 61_000))).status).toBe('ok');
    await engine.close();
  });

  it('keeps amounts above 2^53 picodollars exact (a $5M budget short by one picodollar)', async () => {
    const limit = parseUsd('5000000');
    const engine = await makeEngine({ budgets: [budget('large', { limitPico: limit, periodText: 'month' })], timeZone: 'UTC' });
    await spendUpTo(engine, limit - 1n, noon);
    expect((await engine.reserve(request(2n, noon))).status).toBe('exceeded');
    const last = await engine.reserve(request(1n, noon));
    expect(last.status).toBe('ok');
    const check = await engine.reserve(request(1n, noon));
    expect(check.status === 'exceeded' && [check.exceeded.spentPico, check.exceeded.reservedPico]).toEqual([limit - 1n, 1n]);
    await engine.close();
  });

  if (options.seedSource) {
    const makeSeedSource = options.seedSource;
    it('seeds a window from the ledger before counting on (unknown costs count nothing)', async () => {
      const engine = await makeEngine({
        budgets: [budget('seeded-day', { scope: { kind: 'user', value: 'ledger-user' }, limitPico: parseUsd('0.003') }), budget('seeded-rolling', { scope: { kind: 'tag', value: 'ledger-tag' }, limitPico: parseUsd('0.003'), periodText: '24h' })],
        timeZone: 'UTC',
        seedSource: makeSeedSource(),
      });
      // The test store holds two requests of $0.00102 by ledger-user tagged ledger-tag on 2025-03-01 and one of unknown cost.
      const at = Date.parse('2025-03-01T18:00:00Z');
      const day = await engine.reserve(request(parseUsd('0.001'), at, { attribution: { user: 'ledger-user', tags: [] } }));
      expect(day.status === 'exceeded' && day.exceeded.spentPico).toBe(parseUsd('0.00204'));
      const rolling = await engine.reserve(request(parseUsd('0.001'), at, { attribution: { tags: ['ledger-tag'] } }));
      expect(rolling.status === 'exceeded' && rolling.exceeded.spentPico).toBe(parseUsd('0.00204'));
      expect((await engine.reserve(request(parseUsd('0.0009'), at, { attribution: { user: 'ledger-user', tags: [] } }))).status).toBe('ok');
      await engine.close();
    });
  }
}
