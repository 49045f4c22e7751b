/** The usage reports as tables for people and CSV for spreadsheets, from the JSON the API answers. */
import type { MeasuresJson, OutputTokenResponseJson, TaskResponseJson, UsageResponseJson } from '../store/usage/usage-json.js';
import { formatTable } from './format-table.js';

export interface ReportColumns {
  headers: string[];
  rows: string[][];
  /** Indexes of the numeric columns, right-aligned in tables. */
  numeric: number[];
  notes: string[];
}

const MEASURE_HEADERS = ['requests', 'errors', 'input', 'cache read', 'output', 'cost usd', 'savings usd', 'p50 ms', 'p95 ms'];

function measureCells(measures: MeasuresJson): string[] {
  return [
    String(measures.requests), String(measures.errors), String(measures.tokens.input), String(measures.tokens.cache_read),
    String(measures.tokens.output), measures.cost_usd, measures.cache_savings_usd, cell(measures.latency_ms.p50), cell(measures.latency_ms.p95),
  ];
}

export function usageColumns(report: UsageResponseJson): ReportColumns {
  const leading = [...(report.interval ? ['period'] : []), ...report.group_by];
  const rows = report.rows.map((row) => [
    ...(report.interval ? [row.period_start ?? ''] : []),
    ...report.group_by.map((dimension) => cell(row[dimension])),
    ...measureCells(row),
  ]);
  return { headers: [...leading, ...MEASURE_HEADERS], rows: withTotal(rows, leading.length, measureCells(report.total)), numeric: numericFrom(leading.length, MEASURE_HEADERS), notes: report.notes };
}

export function taskColumns(report: TaskResponseJson): ReportColumns {
  const figures = ['tasks', 'successes', 'failures', 'no feedback', 'requests', 'cost usd', 'cost per success usd'];
  const cells = (row: TaskResponseJson['total']): string[] => [
    String(row.tasks), String(row.successes), String(row.failures), String(row.without_feedback), String(row.requests), row.cost_usd, cell(row.cost_per_successful_task_usd),
  ];
  const leading = report.group_by.length;
  const rows = report.rows.map((row) => [...report.group_by.map((dimension) => cell(row[dimension])), ...cells(row)]);
  return { headers: [...report.group_by, ...figures], rows: withTotal(rows, leading, cells(report.total)), numeric: numericFrom(leading, figures), notes: report.notes };
}

/** Grouped rows and a total row labelled in the first column; ungrouped, the total alone. */
function withTotal(rows: string[][], leadingColumns: number, total: string[]): string[][] {
  if (leadingColumns === 0) return [total];
  return [...rows, ['total', ...Array.from({ length: leadingColumns - 1 }, () => ''), ...total]];
}

function numericFrom(leadingColumns: number, figures: readonly string[]): number[] {
  return figures.map((_, index) => leadingColumns + index);
}

export function outputTokenColumns(report: OutputTokenResponseJson): ReportColumns {
  const figures = ['requests', 'mean', 'p50', 'p95', 'max', 'variance'];
  const rows = report.rows.map((row) => [
    ...report.group_by.map((dimension) => cell(row[dimension])),
    String(row.requests), row.mean, String(row.p50), String(row.p95), String(row.max), row.variance,
  ]);
  return { headers: [...report.group_by, ...figures], rows, numeric: numericFrom(report.group_by.length, figures), notes: report.notes };
}

export function renderTable(columns: ReportColumns): string {
  const table = formatTable(columns.headers, columns.rows, { alignRight: columns.numeric });
  return `${table}\n\n${columns.notes.map((note) => `* ${note}`).join('\n')}\n`;
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. */
export function renderCsv(columns: ReportColumns): string {
  const field = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return [columns.headers, ...columns.rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  return String(value);
}
