/** Small formatting helpers shared by the Markdown and terminal renderings. */
import type { ContenderName } from '../stack/contender.js';
import type { Spread } from '../stats.js';
import { spreadOf } from '../stats.js';
import { perRound, type ContenderRounds } from '../scenarios/in-turns.js';

export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–';
}

/** "1,234 (1,200–1,260)", "0.71× (0.69–0.74)" — the median and, with more than one round, the lowest and highest. */
export function spreadText(spread: Spread, digits: number, unit = ''): string {
  if (!Number.isFinite(spread.median)) return '–';
  const rounds = spread.values.filter(Number.isFinite).length;
  const main = `${fixed(spread.median, digits)}${unit}`;
  return rounds > 1 ? `${main} (${fixed(spread.min, digits)}–${fixed(spread.max, digits)})` : main;
}

/** A comparison's value with its unit: "0.71×" for a ratio, "0.214 ms" for a difference. */
export function comparisonText(comparison: { value: Spread; unit: string } | undefined, digits: number): string {
  if (!comparison) return '–';
  return spreadText(comparison.value, digits, comparison.unit === '×' ? '×' : ` ${comparison.unit}`);
}

export function roundsSpread<Round>(entry: ContenderRounds<Round> | undefined, pick: (round: Round) => number): Spread {
  return spreadOf(perRound(entry, pick));
}

export function sumRounds<Round>(entry: ContenderRounds<Round> | undefined, pick: (round: Round) => number): number {
  return perRound(entry, pick).reduce((sum, value) => sum + (Number.isFinite(value) ? value : 0), 0);
}

export function markdownTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const escape = (cell: string): string => cell.replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [
    `| ${headers.map(escape).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

export const CONTENDER_LABELS: Record<ContenderName, string> = {
  direct: 'direct (simulator)',
  bare: 'bare proxy',
  tollgate: 'Tollgate',
  peer: 'peer',
};

export function verdict(isMet: boolean | null): string {
  if (isMet === null) return 'not measured';
  return isMet ? 'met' : 'MISSED';
}
