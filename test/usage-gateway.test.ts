/**
 * Cost observability end to end: traffic for several users, features, models and tasks goes through the
 * gateway at chosen times (a settable clock), then /v1/usage, /v1/usage/tasks and /v1/usage/output-tokens
 * must match, to the exact decimal, what the clients were told each request cost and used. On SQLite, and
 * on Postgres when TOLLGATE_TEST_POSTGRES_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divideRoundHalfEven, formatUsd, parseUsd } from '../src/core/money.js';
import type { LedgerRecord } from '../src/ledger/ledger-record.js';
import { countRequests, getRequest } from '../src/store/index.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, warnWhenPostgresIsSkipped } from '../src/store/test-fixtures/postgres-test-schema.js';
import { startUsageStack, waitForStoredRequests, type ChatCall, type ChatResult, type UsageStack } from './helpers/usage-stack.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY_ONE = Date.parse('2025-06-02T00:00:00.000Z');
/** From 09:05 on day one to 13:30 on day two: partial hours at both ends, whole hours between. */
const WINDOW = { from: DAY_ONE + 9 * HOUR + 5 * MINUTE, to: DAY_ONE + 24 * HOUR + 13 * HOUR + 30 * MINUTE };
const WINDOW_QUERY = `from=${new Date(WINDOW.from).toISOString()}&to=${new Date(WINDOW.to).toISOString()}`;

/** Pinned catalog prices per million tokens (input, cache read), for the cache savings a client can work out. */
const INPUT_PRICES: Record<string, { input: number; cacheRead: number }> = {
  'gpt-4o-mini': { input: 0.15, cacheRead: 0.075 },
};

const SLOTS = [
  DAY_ONE + 9 * HOUR, // before the window
  DAY_ONE + 9 * HOUR + 10 * MINUTE,
  DAY_ONE + 9 * HOUR + 40 * MINUTE,
  DAY_ONE + 10 * HOUR + 15 * MINUTE,
  DAY_ONE + 11 * HOUR + 50 * MINUTE,
  DAY_ONE + 23 * HOUR + 55 * MINUTE,
  DAY_ONE + 24 * HOUR + 5 * MINUTE,
  DAY_ONE + 24 * HOUR + 5 * HOUR + 30 * MINUTE,
  DAY_ONE + 24 * HOUR + 13 * HOUR + 10 * MINUTE,
  DAY_ONE + 24 * HOUR + 13 * HOUR + 25 * MINUTE,
  DAY_ONE + 24 * HOUR + 14 * HOUR, // after the window
];
const USERS = ['alice', 'bob', 'carol'];
const FEATURES = ['summarize', 'chat', 'search', 'unlisted-feature'];
const MODELS = ['openai/gpt-4o-mini', 'openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'smart'];
const TASKS = ['task-a', 'task-b', 'task-c', 'task-d', undefined];
const TAG_SETS = [['beta'], ['beta', 'eu'], [], ['eu']];
const LONG_SYSTEM_PROMPT = Array.from({ length: 400 }, (_, index) => `Rule ${index}: answer plainly and cite the source document.`).join(' ');

interface Sent {
  at: number;
  call: ChatCall;
  result: ChatResult;
  record: LedgerRecord;
}

interface Totals {
  requests: number;
  errors: number;
  input: number;
  output: number;
  cacheRead: number;
  costPico: bigint;
  savingsPico: bigint;
  latencies: number[];
}

function emptyTotals(): Totals {
  return { requests: 0, errors: 0, input: 0, output: 0, cacheRead: 0, costPico: 0n, savingsPico: 0n, latencies: [] };
}

function savingsOf(sent: Sent): bigint {
  const model = Object.keys(INPUT_PRICES).find((name) => sent.record.modelServed?.startsWith(name));
  if (!model || sent.result.cachedTokens === 0) return 0n;
  const prices = INPUT_PRICES[model];
  if (!prices) return 0n;
  // Per token: price per million × 10^12 / 10^6 picodollars.
  const perTokenPico = (price: number): bigint => BigInt(Math.round(price * 1_000_000));
  return BigInt(sent.result.cachedTokens) * (perTokenPico(prices.input) - perTokenPico(prices.cacheRead));
}

function inWindow(sent: Sent): boolean {
  const at = sent.record.createdAt.getTime();
  return at >= WINDOW.from && at < WINDOW.to;
}

function aggregate(sentRequests: readonly Sent[], keyOf: (sent: Sent) => string[]): Map<string, Totals> {
  const groups = new Map<string, Totals>();
  for (const sent of sentRequests.filter(inWindow)) {
    for (const key of keyOf(sent)) {
      const totals = groups.get(key) ?? emptyTotals();
      totals.requests += 1;
      if (sent.result.status !== 200) totals.errors += 1;
      totals.input += sent.result.promptTokens;
      totals.output += sent.result.completionTokens;
      totals.cacheRead += sent.result.cachedTokens;
      totals.costPico += sent.result.costUsd && sent.result.costUsd !== 'unknown' ? parseUsd(sent.result.costUsd) : 0n;
      totals.savingsPico += savingsOf(sent);
      totals.latencies.push(sent.record.latencyMs);
      groups.set(key, totals);
    }
  }
  return groups;
}

function nearestRank(values: readonly number[], percent: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.ceil((sorted.length * percent) / 100) - 1] ?? Number.NaN;
}

interface MeasuresJson {
  requests: number;
  errors: number;
  tokens: { input: number; output: number; cache_read: number };
  cost_usd: string;
  cache_savings_usd: string;
  latency_ms: { p50: number | null; p95: number | null };
}

type RowJson = MeasuresJson & Record<string, unknown>;
interface UsageJson {
  rows: RowJson[];
  total: MeasuresJson;
  notes: string[];
  latency_percentiles: string;
  source: { daily_rollups: { from: string; to: string } | null; hourly_rollups: Array<{ from: string; to: string }>; raw_rows: Array<{ from: string; to: string }> };
}

function expectRowMatches(row: MeasuresJson, totals: Totals | undefined, label: string): void {
  expect(totals, label).toBeDefined();
  if (!totals) return;
  expect(
    { requests: row.requests, errors: row.errors, input: row.tokens.input, output: row.tokens.output, cacheRead: row.tokens.cache_read, cost: row.cost_usd, savings: row.cache_savings_usd },
    label,
  ).toEqual({
    requests: totals.requests,
    errors: totals.errors,
    input: totals.input,
    output: totals.output,
    cacheRead: totals.cacheRead,
    cost: formatUsd(totals.costPico),
    savings: formatUsd(totals.savingsPico),
  });
}

function usageSuite(storageUrl: () => Promise<{ url: string | undefined; cleanup(): Promise<void> }>): void {
  let stack: UsageStack;
  let cleanup: () => Promise<void>;
  const sent: Sent[] = [];
  const feedback: Record<string, boolean> = {};

  beforeAll(async () => {
    const storage = await storageUrl();
    cleanup = storage.cleanup;
    stack = await startUsageStack({ ...(storage.url ? { storageUrl: storage.url } : {}), startMs: DAY_ONE });
    let index = 0;
    const results: Array<{ at: number; call: ChatCall; result: ChatResult }> = [];
    for (const slot of SLOTS) {
      for (let inSlot = 0; inSlot < 4; inSlot++, index++) {
        const model = MODELS[index % MODELS.length] ?? 'smart';
        const call: ChatCall = {
          model,
          prompt: `Question ${index}: what does a lighthouse keeper do at dusk?`,
          user: USERS[index % USERS.length] ?? 'alice',
          feature: FEATURES[(index * 7) % FEATURES.length] ?? 'chat',
          tags: TAG_SETS[index % TAG_SETS.length] ?? [],
          ...(TASKS[index % TASKS.length] ? { task: TASKS[index % TASKS.length] } : {}),
        };
        const servedName = model.split('/')[1] ?? 'gpt-4o';
        stack.sim.setModelBehaviour(servedName === 'smart' ? 'gpt-4o' : servedName, { outputTokens: 20 + ((index * 37) % 180) });
        if (index === 13) stack.sim.setModelBehaviour('gpt-4o', { fault: 'bad_request', faultCount: 1 });
        const at = slot + inSlot * 30_000;
        stack.clock.set(at);
        results.push({ at, call, result: await stack.chat(index === 13 ? { ...call, model: 'openai/gpt-4o' } : call) });
      }
    }
    // The same long prompt twice: the second reads the first's prompt cache, and saves money doing it.
    for (const repeat of [0, 1]) {
      const call: ChatCall = { model: 'openai/gpt-4o-mini', system: LONG_SYSTEM_PROMPT, prompt: 'Summarise the rules.', user: 'carol', feature: 'summarize', task: 'task-a' };
      const at = DAY_ONE + 10 * HOUR + 40 * MINUTE + repeat * MINUTE;
      stack.clock.set(at);
      results.push({ at, call, result: await stack.chat(call) });
    }
    await waitForStoredRequests(() => countRequests(stack.gateway.store), results.length);
    for (const entry of results) {
      const record = await getRequest(stack.gateway.store, entry.result.requestId);
      if (!record) throw new Error(`no ledger record for ${entry.result.requestId}`);
      sent.push({ ...entry, record });
    }
    for (const [task, success] of [['task-a', false], ['task-a', true], ['task-b', false], ['task-c', true]] as const) {
      const answer = await stack.postJson('/v1/feedback', { task_id: task, success });
      expect(answer.status).toBe(200);
      feedback[task] = success;
    }
  });

  afterAll(async () => {
    await stack?.close();
    await cleanup?.();
  });

  it('sent what the test meant to: errors, cache reads and records stamped at the chosen times', () => {
    expect(sent.filter((entry) => entry.result.status !== 200).map((entry) => entry.result.status)).toEqual([400]);
    expect(sent.at(-1)?.result.cachedTokens).toBeGreaterThan(0);
    for (const entry of sent) {
      expect(entry.record.createdAt.getTime() - entry.at).toBeGreaterThanOrEqual(0);
      expect(entry.record.createdAt.getTime() - entry.at).toBeLessThan(5_000);
    }
  });

  it('GET /v1/usage by user and model per day matches the costs and tokens the clients were told', async () => {
    const { status, body } = await stack.getJson(`/v1/usage?${WINDOW_QUERY}&group_by=user,model&interval=day`);
    expect(status).toBe(200);
    const usage = body as UsageJson;
    const expected = aggregate(sent, (entry) => [
      JSON.stringify([new Date(Math.floor(entry.record.createdAt.getTime() / 86_400_000) * 86_400_000).toISOString(), entry.call.user, entry.record.modelServed ?? entry.record.modelRequested]),
    ]);
    expect(usage.rows).toHaveLength(expected.size);
    for (const row of usage.rows) {
      const key = JSON.stringify([row.period_start, row.user, row.model]);
      expectRowMatches(row, expected.get(key), key);
    }
    const all = aggregate(sent, () => ['all']).get('all');
    expectRowMatches(usage.total, all, 'total');
    expect(usage.source).toEqual({
      daily_rollups: null,
      hourly_rollups: [{ from: '2025-06-02T10:00:00.000Z', to: '2025-06-03T13:00:00.000Z' }],
      raw_rows: [{ from: '2025-06-02T09:05:00.000Z', to: '2025-06-02T10:00:00.000Z' }, { from: '2025-06-03T13:00:00.000Z', to: '2025-06-03T13:30:00.000Z' }],
    });
    expect(usage.latency_percentiles).toBe('approximate');
  });

  it('GET /v1/usage by feature, by provider and route, and filtered to one user, all add up exactly', async () => {
    const byFeature = (await stack.getJson(`/v1/usage?${WINDOW_QUERY}&group_by=feature`)).body as UsageJson;
    const expectedFeature = aggregate(sent, (entry) => [entry.call.feature ?? '']);
    expect(byFeature.rows).toHaveLength(expectedFeature.size);
    for (const row of byFeature.rows) expectRowMatches(row, expectedFeature.get(String(row.feature)), `feature ${String(row.feature)}`);

    const byRoute = (await stack.getJson(`/v1/usage?${WINDOW_QUERY}&group_by=provider,route`)).body as UsageJson;
    const expectedRoute = aggregate(sent, (entry) => [JSON.stringify([entry.record.providerId, entry.record.route])]);
    for (const row of byRoute.rows) expectRowMatches(row, expectedRoute.get(JSON.stringify([row.provider, row.route])), `provider/route ${JSON.stringify([row.provider, row.route])}`);

    const bob = (await stack.getJson(`/v1/usage?${WINDOW_QUERY}&user=bob&group_by=team`)).body as UsageJson;
    expectRowMatches(bob.total, aggregate(sent, (entry) => (entry.call.user === 'bob' ? ['bob'] : [])).get('bob'), 'user=bob');
  });

  it('GET /v1/usage by tag says per-tag rows overlap, and its total still counts each request once', async () => {
    const usage = (await stack.getJson(`/v1/usage?${WINDOW_QUERY}&group_by=tag`)).body as UsageJson;
    expect(usage.notes.join(' ')).toMatch(/per-tag rows do not add up to the total/);
    const expected = aggregate(sent, (entry) => ((entry.call.tags ?? []).length === 0 ? ['null'] : [...(entry.call.tags ?? [])]));
    for (const row of usage.rows) expectRowMatches(row, expected.get(String(row.tag)), `tag ${String(row.tag)}`);
    expectRowMatches(usage.total, aggregate(sent, () => ['all']).get('all'), 'total');
    const perTag = usage.rows.reduce((sum, row) => sum + row.requests, 0);
    expect(perTag).toBeGreaterThan(usage.total.requests);
  });

  it('gives exact nearest-rank latency percentiles with exact_percentiles=true, and histogram bounds without', async () => {
    const exact = (await stack.getJson(`/v1/usage?${WINDOW_QUERY}&group_by=model&exact_percentiles=true`)).body as UsageJson;
    const expected = aggregate(sent, (entry) => [entry.record.modelServed ?? entry.record.modelRequested]);
    expect(exact.latency_percentiles).toBe('exact');
    for (const row of exact.rows) {
      const totals = expected.get(String(row.model));
      expect(row.latency_ms, String(row.model)).toEqual({ p50: nearestRank(totals?.latencies ?? [], 50), p95: nearestRank(totals?.latencies ?? [], 95) });
    }
    const approximate = (await stack.getJson(`/v1/usage?${WINDOW_QUERY}`)).body as UsageJson;
    const all = aggregate(sent, () => ['all']).get('all');
    expect(approximate.total.latency_ms.p50).toBeGreaterThanOrEqual(nearestRank(all?.latencies ?? [], 50));
    expect(approximate.notes.join(' ')).toMatch(/approximate/);
  });

  it('GET /v1/usage/tasks per model: tasks, outcomes, cost and cost per successful task, exactly', async () => {
    const { status, body } = await stack.getJson(`/v1/usage/tasks?${WINDOW_QUERY}&group_by=model`);
    expect(status).toBe(200);
    const tasks = body as { rows: Array<Record<string, unknown>>; total: Record<string, unknown> };
    const groups = new Map<string, { tasks: Set<string>; costPico: bigint; requests: number }>();
    const add = (key: string, entry: Sent): void => {
      const group = groups.get(key) ?? { tasks: new Set<string>(), costPico: 0n, requests: 0 };
      group.tasks.add(entry.call.task ?? '');
      group.costPico += entry.result.costUsd && entry.result.costUsd !== 'unknown' ? parseUsd(entry.result.costUsd) : 0n;
      group.requests += 1;
      groups.set(key, group);
    };
    for (const entry of sent.filter((candidate) => inWindow(candidate) && candidate.call.task !== undefined)) {
      add(entry.record.modelServed ?? entry.record.modelRequested, entry);
      add('total', entry);
    }
    const figures = (group: { tasks: Set<string>; costPico: bigint; requests: number }): Record<string, unknown> => {
      const names = [...group.tasks];
      const successes = names.filter((task) => feedback[task] === true).length;
      return {
        tasks: names.length,
        successes,
        failures: names.filter((task) => feedback[task] === false).length,
        without_feedback: names.filter((task) => feedback[task] === undefined).length,
        requests: group.requests,
        cost_usd: formatUsd(group.costPico),
        cost_per_successful_task_usd: successes === 0 ? null : formatUsd(divideRoundHalfEven(group.costPico, BigInt(successes))),
      };
    };
    expect(tasks.rows).toHaveLength(groups.size - 1);
    for (const row of tasks.rows) {
      const group = groups.get(String(row.model));
      if (!group) throw new Error(`unexpected model ${String(row.model)}`);
      expect(row).toMatchObject(figures(group));
    }
    const total = groups.get('total');
    if (!total) throw new Error('no tasks sent');
    expect(tasks.total).toMatchObject(figures(total));
    expect(tasks.total.successes).toBe(2);
  });

  it('GET /v1/usage/output-tokens per model and feature: mean, p50, p95 and max of what was generated', async () => {
    const { body } = await stack.getJson(`/v1/usage/output-tokens?${WINDOW_QUERY}&group_by=model,feature`);
    const rows = (body as { rows: Array<Record<string, unknown>> }).rows;
    const groups = new Map<string, number[]>();
    for (const entry of sent.filter((candidate) => inWindow(candidate) && candidate.result.status === 200)) {
      const key = JSON.stringify([entry.record.modelServed, entry.call.feature]);
      groups.set(key, [...(groups.get(key) ?? []), entry.result.completionTokens]);
    }
    expect(rows).toHaveLength(groups.size);
    for (const row of rows) {
      const values = groups.get(JSON.stringify([row.model, row.feature])) ?? [];
      const sum = values.reduce((total, value) => total + value, 0);
      expect(row).toMatchObject({
        requests: values.length,
        mean: (Math.round((sum / values.length) * 1000) / 1000).toString(),
        p50: nearestRank(values, 50),
        p95: nearestRank(values, 95),
        max: Math.max(...values),
      });
    }
  });

  it('refuses bad parameters with a 400 that names the parameter', async () => {
    const cases: Array<[string, string]> = [
      [`/v1/usage?${WINDOW_QUERY}&group_by=colour`, 'group_by'],
      [`/v1/usage?${WINDOW_QUERY}&interval=week`, 'interval'],
      ['/v1/usage?from=yesterday', 'from'],
      [`/v1/usage?from=2025-06-03&to=2025-06-02`, 'from'],
      [`/v1/usage?${WINDOW_QUERY}&colour=red`, 'colour'],
      [`/v1/usage?${WINDOW_QUERY}&tag=beta,eu`, 'tag'],
      [`/v1/usage?${WINDOW_QUERY}&exact_percentiles=maybe`, 'exact_percentiles'],
      [`/v1/usage/tasks?${WINDOW_QUERY}&group_by=tag`, 'group_by'],
      ['/v1/usage/output-tokens?to=2025-06-02T10:00', 'to'],
    ];
    for (const [path, param] of cases) {
      const { status, body } = await stack.getJson(path);
      expect(status, path).toBe(400);
      expect(body, path).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_request', param } });
      expect((body as { error: { message: string } }).error.message.startsWith(`${param}:`), path).toBe(true);
    }
    const feedback = await stack.postJson('/v1/feedback', { task_id: 'task-x' });
    expect(feedback).toMatchObject({ status: 400, body: { error: { param: 'success' } } });
  });

  it('answers usage and feedback to the admin key only', async () => {
    const missing = await stack.getJson(`/v1/usage?${WINDOW_QUERY}`, null);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: { code: 'invalid_api_key' } });
    expect((await stack.getJson(`/v1/usage/tasks?${WINDOW_QUERY}`, 'wrong-key')).status).toBe(401);
    expect((await stack.postJson('/v1/feedback', { task_id: 'task-a', success: false }, null)).status).toBe(401);
  });

  it('GET /metrics counts requests, tokens and cost by provider, model, route and feature, with unknown features as "other"', async () => {
    const response = await fetch(`${stack.gateway.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    const requestLines = text.split('\n').filter((line) => line.startsWith('tollgate_requests_total{'));
    const counted = requestLines.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    expect(counted).toBe(sent.length);
    expect(text).toMatch(/tollgate_requests_total\{provider="openai",model="gpt-4o[^"]*",route="none",feature="other",status="ok"\} \d+/);
    expect(text).toMatch(/tollgate_tokens_total\{[^}]*kind="cache_read"\} \d+/);
    expect(text).toMatch(/tollgate_cost_usd_total\{[^}]*feature="summarize"\} [\d.e-]+/);
    expect(text).toMatch(/tollgate_request_duration_seconds_bucket\{/);
    expect(text).toMatch(/tollgate_ledger_queue_depth \d+/);
    expect(text).toMatch(/tollgate_ledger_spilled_records 0/);
    expect(text).toMatch(/tollgate_circuit_breaker_state\{target="openai\/gpt-4o-mini",state="closed"\} 1/);
  });
}

describe('usage through the gateway on SQLite', () => {
  usageSuite(async () => ({ url: undefined, cleanup: async () => undefined }));
});

warnWhenPostgresIsSkipped('usage-gateway.test.ts');
describe.skipIf(!POSTGRES_TEST_URL)('usage through the gateway on Postgres', () => {
  usageSuite(async () => {
    const schema = createPostgresTestSchema('usage_gateway');
    return { url: schema.url, cleanup: () => schema.drop() };
  });
});
