/**
 * `tollgate usage [usage|tasks|output-tokens]`: what requests cost, as tables, --json or --csv.
 *
 * It reads the store named in tollgate.yaml (or --config) directly, with the same queries the gateway
 * serves, so it works whether or not a gateway is running (SQLite in WAL mode lets it read beside one).
 * With --url it asks a running gateway instead (`GET /v1/usage…` with --admin-key or TOLLGATE_ADMIN_KEY),
 * for a gateway on another machine or a database this machine cannot reach.
 */
import { Command, Option } from 'commander';
import { loadConfigFile } from '../config/load-config.js';
import { configSchema } from '../config/schema.js';
import { providerTypes } from '../providers/registry.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import { queryOutputTokenStats } from '../store/usage/output-token-stats.js';
import { queryTasks } from '../store/usage/task-query.js';
import { outputTokenResponseJson, taskResponseJson, usageResponseJson } from '../store/usage/usage-json.js';
import type { OutputTokenResponseJson, TaskResponseJson, UsageResponseJson } from '../store/usage/usage-json.js';
import { parseOutputTokenParameters, parseTaskParameters, parseUsageParameters } from '../store/usage/usage-parameters.js';
import { queryUsage } from '../store/usage/usage-query.js';
import { USAGE_DIMENSIONS } from '../store/usage/usage-query-types.js';
import { resolveConfigPath } from './resolve-config-path.js';
import { outputTokenColumns, renderCsv, renderTable, taskColumns, usageColumns } from './usage-report-tables.js';

const REPORTS = ['usage', 'tasks', 'output-tokens'] as const;
type Report = (typeof REPORTS)[number];
type ReportJson = UsageResponseJson | TaskResponseJson | OutputTokenResponseJson;

export interface UsageCommandOptions {
  from?: string;
  to?: string;
  groupBy?: string;
  interval?: string;
  exactPercentiles?: boolean;
  filter?: string[];
  json?: boolean;
  csv?: boolean;
  config?: string;
  url?: string;
  adminKey?: string;
}

export function usageCommand(): Command {
  return new Command('usage')
    .description('what requests cost: grouped usage, cost per task, output-token spread (tables, --json or --csv)')
    .argument('[report]', `${REPORTS.join(' | ')}`, 'usage')
    .option('--from <time>', 'start: ISO 8601 time, date (UTC), epoch ms, or "7d"/"12h" ago (default 24h before --to)')
    .option('--to <time>', 'end, exclusive (default now)')
    .option('--group-by <dimensions>', `comma list of ${USAGE_DIMENSIONS.join(', ')}`)
    .addOption(new Option('--interval <interval>', 'time buckets (usage report)').choices(['hour', 'day', 'month']))
    .option('--exact-percentiles', 'exact latency percentiles from raw rows (usage report; slower)')
    .option('--filter <dimension=values>', 'keep only these values, e.g. user=alice,bob (repeatable)', collect, [])
    .option('--json', 'print JSON for scripts')
    .option('--csv', 'print CSV')
    .option('-c, --config <file>', 'config whose storage.url to read (default ./tollgate.yaml)')
    .option('--url <url>', 'ask a running gateway instead of reading the store')
    .option('--admin-key <key>', 'with --url: the gateway server.adminKey (default $TOLLGATE_ADMIN_KEY)')
    .action(async (report: string, options: UsageCommandOptions) => {
      if (!isReport(report)) throw new Error(`unknown report "${report}": use ${REPORTS.join(', ')}`);
      if (options.json && options.csv) throw new Error('choose one of --json and --csv');
      const output = await runUsageReport(report, options, Date.now());
      process.stdout.write(output);
    });
}

/** The report as the command prints it. */
export async function runUsageReport(report: Report, options: UsageCommandOptions, nowMs: number): Promise<string> {
  const parameters = queryParameters(report, options, nowMs);
  const json = options.url ? await fetchReport(report, parameters, options) : await readReport(report, parameters, options, nowMs);
  if (options.json) return `${JSON.stringify(json, null, 2)}\n`;
  const columns = json.object === 'usage' ? usageColumns(json) : json.object === 'usage.tasks' ? taskColumns(json) : outputTokenColumns(json);
  return options.csv ? renderCsv(columns) : renderTable(columns);
}

function queryParameters(report: Report, options: UsageCommandOptions, nowMs: number): Record<string, string> {
  const parameters: Record<string, string> = {};
  if (options.from) parameters.from = relativeTime(options.from, nowMs);
  if (options.to) parameters.to = relativeTime(options.to, nowMs);
  if (options.groupBy) parameters.group_by = options.groupBy;
  if (report === 'usage' && options.interval) parameters.interval = options.interval;
  if (report === 'usage' && options.exactPercentiles) parameters.exact_percentiles = 'true';
  for (const filter of options.filter ?? []) {
    const match = /^([a-z]+)=(.+)$/.exec(filter);
    if (!match?.[1] || !match[2]) throw new Error(`--filter "${filter}" is not dimension=values (e.g. user=alice,bob)`);
    parameters[match[1]] = match[2];
  }
  return parameters;
}

/** "7d" and "12h" mean that long before now; anything else is passed on as written. */
function relativeTime(text: string, nowMs: number): string {
  const match = /^(\d+)([hd])$/.exec(text.trim());
  if (!match) return text;
  const unitMs = match[2] === 'd' ? 86_400_000 : 3_600_000;
  return new Date(nowMs - Number(match[1]) * unitMs).toISOString();
}

async function readReport(report: Report, parameters: Record<string, string>, options: UsageCommandOptions, nowMs: number): Promise<ReportJson> {
  const path = resolveConfigPath(options.config);
  const config = path ? await loadConfigFile(path, { env: process.env, providerTypes: providerTypes() }) : configSchema.parse({});
  const store = await openStore(config.storage.url);
  try {
    return await reportFromStore(store, report, parameters, nowMs);
  } finally {
    await store.close();
  }
}

export async function reportFromStore(store: Store, report: Report, parameters: Record<string, string>, nowMs: number): Promise<ReportJson> {
  switch (report) {
    case 'usage': {
      const query = parseUsageParameters(parameters, nowMs);
      return usageResponseJson(query, await queryUsage(store, query));
    }
    case 'tasks': {
      const query = parseTaskParameters(parameters, nowMs);
      return taskResponseJson(query, await queryTasks(store, query));
    }
    case 'output-tokens': {
      const query = parseOutputTokenParameters(parameters, nowMs);
      return outputTokenResponseJson(query, await queryOutputTokenStats(store, query));
    }
  }
}

async function fetchReport(report: Report, parameters: Record<string, string>, options: UsageCommandOptions): Promise<ReportJson> {
  const base = (options.url ?? '').replace(/\/+$/, '');
  const path = report === 'usage' ? '/v1/usage' : `/v1/usage/${report}`;
  const adminKey = options.adminKey ?? process.env.TOLLGATE_ADMIN_KEY;
  const response = await fetch(`${base}${path}?${new URLSearchParams(parameters).toString()}`, {
    headers: adminKey ? { authorization: `Bearer ${adminKey}` } : {},
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${base}${path} answered ${response.status}: ${errorMessage(body)}`);
  if (!isReportJson(body, report)) throw new Error(`${base}${path} did not answer a ${report} report`);
  return body;
}

function isReport(value: string): value is Report {
  return (REPORTS as readonly string[]).includes(value);
}

const REPORT_OBJECTS: Record<Report, ReportJson['object']> = { usage: 'usage', tasks: 'usage.tasks', 'output-tokens': 'usage.output_tokens' };

function isReportJson(body: unknown, report: Report): body is ReportJson {
  return typeof body === 'object' && body !== null && 'object' in body && body.object === REPORT_OBJECTS[report] && 'rows' in body && Array.isArray(body.rows);
}

function errorMessage(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object' && body.error !== null && 'message' in body.error) {
    return String(body.error.message);
  }
  return 'no error message';
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
