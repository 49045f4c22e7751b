/**
 * Writes a report as `<date>-<host>.json` and `.md` (a `-2`, `-3` … suffix when a run of the same day
 * is already there, so that no result is overwritten), and copies it to `latest.md` / `latest.json`.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchReport } from './bench-report.js';
import { renderMarkdown } from './render-markdown.js';

export interface WrittenReport {
  json: string;
  markdown: string;
  latest: string;
}

/** JSON has no NaN or Infinity: unmeasured numbers become null, bigints become strings. */
export function reportJson(report: BenchReport): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : typeof value === 'bigint' ? value.toString() : value), 2)}\n`;
}

export function reportBaseName(report: BenchReport): string {
  const host = report.machine.hostname.replace(/[^A-Za-z0-9.-]+/g, '-') || 'host';
  return `${report.startedAt.slice(0, 10)}-${host}`;
}

export async function writeReport(report: BenchReport, directory: string): Promise<WrittenReport> {
  await mkdir(directory, { recursive: true });
  const base = reportBaseName(report);
  let name = base;
  for (let suffix = 2; existsSync(path.join(directory, `${name}.json`)) || existsSync(path.join(directory, `${name}.md`)); suffix += 1) name = `${base}-${suffix}`;
  const json = path.join(directory, `${name}.json`);
  const markdown = path.join(directory, `${name}.md`);
  const latest = path.join(directory, 'latest.md');
  const rendered = renderMarkdown(report);
  const serialized = reportJson(report);
  await writeFile(json, serialized);
  await writeFile(markdown, rendered);
  await writeFile(latest, rendered.replace(/\n/, `\n\n_This is a copy of [${name}.md](${name}.md) (data: [${name}.json](${name}.json))._\n`));
  await writeFile(path.join(directory, 'latest.json'), serialized);
  return { json, markdown, latest };
}
