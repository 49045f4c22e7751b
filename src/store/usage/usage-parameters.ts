/**
 * The query-string parameters of the usage endpoints (and the CLI, which passes the same names), validated
 * with zod into queries; a bad one is a 400 that names it. Times are ISO 8601 with a zone (`2025-06-01T00:00Z`),
 * a UTC date (`2025-06-01`) or epoch milliseconds; `to` defaults to now and `from` to 24 hours before `to`.
 */
import { z } from 'zod';
import { TollgateError } from '../../core/errors.js';
import { OUTPUT_TOKEN_DIMENSIONS } from './output-token-stats.js';
import type { OutputTokenQuery } from './output-token-stats.js';
import { TASK_DIMENSIONS } from './task-query.js';
import type { TaskQuery } from './task-query.js';
import { USAGE_DIMENSIONS, USAGE_INTERVALS } from './usage-query-types.js';
import type { UsageDimension, UsageFilters, UsageQuery } from './usage-query-types.js';

const DAY_MS = 86_400_000;
const MAX_WINDOW_DAYS = 731;
const MAX_HOURLY_BUCKETS = 10_000;

const timeText = z.string().trim().min(1);
const commaList = z.string().transform((text) => [...new Set(text.split(',').map((item) => item.trim()).filter(Boolean))]);
const booleanText = z.enum(['true', 'false', '1', '0']).transform((text) => text === 'true' || text === '1');

const filterFields = Object.fromEntries(USAGE_DIMENSIONS.map((dimension) => [dimension, commaList.optional()])) as Record<
  UsageDimension,
  z.ZodOptional<typeof commaList>
>;

function dimensionList<const Dimensions extends readonly string[]>(dimensions: Dimensions) {
  return commaList.pipe(z.array(z.enum(dimensions, { error: `each must be one of ${dimensions.join(', ')}` })));
}

const usageSchema = z.strictObject({
  from: timeText.optional(),
  to: timeText.optional(),
  group_by: dimensionList(USAGE_DIMENSIONS).optional(),
  interval: z.enum(USAGE_INTERVALS, { error: `must be one of ${USAGE_INTERVALS.join(', ')}` }).optional(),
  exact_percentiles: booleanText.optional(),
  ...filterFields,
});

const { tag: _tag, status: _status, ...filtersWithoutTagAndStatus } = filterFields;
const { tag: _taskTag, ...filtersWithoutTag } = filterFields;

const taskSchema = z.strictObject({
  from: timeText.optional(),
  to: timeText.optional(),
  group_by: dimensionList(TASK_DIMENSIONS).optional(),
  ...filtersWithoutTag,
});

const outputTokenSchema = z.strictObject({
  from: timeText.optional(),
  to: timeText.optional(),
  group_by: dimensionList(OUTPUT_TOKEN_DIMENSIONS).optional(),
  ...filtersWithoutTagAndStatus,
});

export type QueryParameters = Readonly<Record<string, unknown>>;

export function parseUsageParameters(parameters: QueryParameters, nowMs: number): UsageQuery {
  const parsed = parseWith(usageSchema, parameters);
  const window = parseWindow(parsed.from, parsed.to, nowMs);
  const filters = filtersOf(parsed);
  if ((filters.tag?.length ?? 0) > 1) {
    throw invalid('tag', 'filter by one tag at a time: a request carrying two of them would otherwise count twice');
  }
  const interval = parsed.interval ?? null;
  if (interval === 'hour' && (window.toMs - window.fromMs) / 3_600_000 > MAX_HOURLY_BUCKETS) {
    throw invalid('interval', `hourly buckets over this window would be more than ${MAX_HOURLY_BUCKETS}; use interval=day or a shorter window`);
  }
  return { ...window, groupBy: parsed.group_by ?? [], interval, filters, exactPercentiles: parsed.exact_percentiles ?? false };
}

export function parseTaskParameters(parameters: QueryParameters, nowMs: number): TaskQuery {
  const parsed = parseWith(taskSchema, parameters);
  return { ...parseWindow(parsed.from, parsed.to, nowMs), groupBy: parsed.group_by ?? [], filters: filtersOf(parsed) };
}

export function parseOutputTokenParameters(parameters: QueryParameters, nowMs: number): OutputTokenQuery {
  const parsed = parseWith(outputTokenSchema, parameters);
  return { ...parseWindow(parsed.from, parsed.to, nowMs), groupBy: parsed.group_by ?? ['model', 'feature'], filters: filtersOf(parsed) };
}

function parseWith<Schema extends z.ZodType>(schema: Schema, parameters: QueryParameters): z.output<Schema> {
  for (const [name, value] of Object.entries(parameters)) {
    if (Array.isArray(value)) throw invalid(name, 'is given more than once; give it once (lists are comma-separated)');
  }
  const result = schema.safeParse(parameters);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw invalid('', 'the parameters are not valid');
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys((schema as unknown as z.ZodObject).shape).join(', ');
    throw invalid(issue.keys[0] ?? '', `is not a parameter of this endpoint (it takes ${known})`);
  }
  throw invalid(String(issue.path[0] ?? ''), issue.message);
}

function parseWindow(fromText: string | undefined, toText: string | undefined, nowMs: number): { fromMs: number; toMs: number } {
  const toMs = toText === undefined ? nowMs : parseTime('to', toText);
  const fromMs = fromText === undefined ? toMs - DAY_MS : parseTime('from', fromText);
  if (fromMs >= toMs) throw invalid('from', `must be before to (${new Date(toMs).toISOString()})`);
  if (toMs - fromMs > MAX_WINDOW_DAYS * DAY_MS) throw invalid('from', `the window may span at most ${MAX_WINDOW_DAYS} days`);
  return { fromMs, toMs };
}

/** ISO 8601 with a zone, a UTC date, or epoch milliseconds. */
export function parseTime(param: string, text: string): number {
  let ms: number;
  if (/^\d{10,16}$/.test(text)) ms = Number(text);
  else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) ms = Date.parse(`${text}T00:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)) ms = Date.parse(text);
  else throw invalid(param, `"${text}" is not a time: use ISO 8601 with a zone (2025-06-01T00:00:00Z), a date (2025-06-01, UTC) or epoch milliseconds`);
  if (!Number.isFinite(ms) || (/^\d{4}-/.test(text) && !isCalendarDate(text.slice(0, 10)))) throw invalid(param, `"${text}" is not a valid date`);
  return ms;
}

/** Date.parse rolls 2025-02-30 over into March; a date that does not exist is refused instead. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function filtersOf(parsed: Partial<Record<UsageDimension, string[] | undefined>>): UsageFilters {
  const filters: UsageFilters = {};
  for (const dimension of USAGE_DIMENSIONS) {
    const values = parsed[dimension];
    if (values && values.length > 0) filters[dimension] = values;
  }
  return filters;
}

function invalid(param: string, message: string): TollgateError {
  return new TollgateError('invalid_request', param ? `${param}: ${message}` : message, { isRetryable: false, ...(param ? { param } : {}) });
}
